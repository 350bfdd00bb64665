// Serves the bench's handlers with the edge-runtime package (V8 in a Node.js
// vm context), for `make bench`. Usage: node serve.mjs HANDLERS.js PORT
// HANDLERS.js is a script the bench writes: the route files transpiled from
// the workspace and a fetch listener. The server listens on 127.0.0.1 only
// and stops on SIGTERM or SIGINT.
import { readFileSync } from 'node:fs'
import { EdgeRuntime, runServer } from 'edge-runtime'

const [file, port] = process.argv.slice(2)
if (!file || !port) {
  console.error('usage: node serve.mjs HANDLERS.js PORT')
  process.exit(2)
}
const runtime = new EdgeRuntime({ initialCode: readFileSync(file, 'utf8') })
const server = await runServer({ runtime, host: '127.0.0.1', port: Number(port) })
console.log(`edge-runtime serving at ${server.url}`)

const stop = async () => {
  setTimeout(() => process.exit(0), 1000).unref() // idle keep-alive sockets must not hold the exit
  await server.close()
  process.exit(0)
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
