// Starts dynalite (in memory) on a free loopback port chosen by the OS and prints
// "PORT <n>" once it listens. The test harness reads that line; it ends the
// process when the tests are done, and the server also exits when its stdin closes.
const dynalite = require('dynalite')
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
server.listen(0, '127.0.0.1', () => {
  process.stdout.write('PORT ' + server.address().port + '\n')
})
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()
