// One cold start of the Node.js baseline, in a fresh process, timed like the Java drivers
// (OursColdStart, BaselineColdStart): main -> handler module loaded (its init: the SDK and the
// client) -> one invocation with a real GetItem -> one COLDSTART line -> exit.
// Usage: node cold-start.mjs EVENT_FILE   (environment: AWS_REGION, TABLE_NAME, DYNAMODB_ENDPOINT, AWS_* credentials)
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'

const mainEpochMs = Date.now()
const t0 = performance.now()
const event = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const tReady = performance.now()
const { handler } = await import('./handler.mjs')
const tInit = performance.now()
// Lambda serializes what the handler returns: so does this driver, inside the timed call.
const response = JSON.stringify(await handler(event))
const tFirst = performance.now()
const firstEpochMs = Date.now()
const ok = response.includes('"first_name":"Jane"') && response.includes('"interesting_value":"blue"')
console.log(`COLDSTART handler=node mode=whole ok=${ok} main_epoch_ms=${mainEpochMs} first_epoch_ms=${firstEpochMs}` +
  ` vm_start_epoch_ms=${Math.round(performance.timeOrigin)} init_ms=${(tInit - tReady).toFixed(3)}` +
  ` first_call_ms=${(tFirst - tInit).toFixed(3)} main_to_first_ms=${(tFirst - t0).toFixed(3)}`)
if (!ok) {
  console.log('RESPONSE ' + response)
  process.exit(1)
}
