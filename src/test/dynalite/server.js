// Starts dynalite (in memory) on a free loopback port chosen by the OS and prints
// "PORT <n>" once it listens. The test harness reads that line; it ends the
// process when the tests are done, and the server also exits when its stdin closes.
const dynalite = require('dynalite')
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
server.listen(0, '127.0.0.1', () => {
  process.stdout.write('PORT ' + server.address().port + '\n')
})
// A client that gives up on a call closes its connection while its request is still being read
// (the function abandons a lookup at its deadline). Real DynamoDB shrugs that off; dynalite leaves
// the request's 'aborted' error unhandled, and the server that every test of the JVM shares died.
process.on('uncaughtException', (e) => {
  process.stderr.write('dynalite: ' + (e && e.message ? e.message : e) + '\n')
})
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()
