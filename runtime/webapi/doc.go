// Package webapi installs the Vercel Edge Runtime's Web API globals (SPEC
// R-RT-1, R-RT-5) into a goja runtime: fetch, Request, Response, Headers,
// URL, URLPattern, URLSearchParams, TextEncoder, TextDecoder,
// TextEncoderStream, TextDecoderStream, the streams (ReadableStream and its
// readers and controllers, WritableStream, TransformStream, the queuing
// strategies), CompressionStream, DecompressionStream, Blob, File, FormData,
// atob, btoa, DOMException, Event, CustomEvent, EventTarget,
// AbortController, AbortSignal, setTimeout, setInterval, clearTimeout,
// clearInterval, queueMicrotask, structuredClone, crypto (getRandomValues,
// randomUUID, subtle), SubtleCrypto, CryptoKey, WebSocket, WeakRef,
// FinalizationRegistry, Intl (87_intl.js and package intl), console,
// performance, self, addEventListener and removeEventListener on the global
// object, and EdgeRuntime. setImmediate and clearImmediate exist and throw,
// as in Next's edge sandbox.
//
// # Design
//
// The globals are JS classes, embedded under js/ and compiled once by
// NewGlobals into programs that every isolate shares. Install runs them in a
// fresh runtime, in file-name order, handing each file a `host` object of Go
// functions and a private `internal` object the files share; both live only
// in closures, so user code cannot reach them. Internal state sits in class
// private fields (#state), which also give the brand checks. The streams
// are JS (45_streams.js, the Streams Standard's algorithms as written).
// Heavy work runs in Go: the WHATWG URL parser and its setters (url.go) and
// URLPattern's canonicalisation (urlpattern.go), form encodings (form.go),
// the Encoding Standard's decoders and base64 (encoding.go, iso2022jp.go),
// compression (streams_host.go), Web Cryptography (package subtle, bound in
// subtle_host.go), randomness, timers (timers.go), HTTP (fetch.go, whose
// bodies stream both ways; response_stream.go hands a handler's streamed
// body to the server chunk by chunk and request_stream.go feeds an incoming
// request's body to the handler as it arrives) and WebSocket connections
// (websocket.go). Each area adds its host functions from its own file
// (hostSetter hooks called by newHost).
//
// # Threading
//
// goja is not goroutine-safe. Everything here that touches the runtime runs
// on the goroutine that owns it, the isolate's event loop. Work done
// elsewhere (fetch I/O, timer expiry, socket reads, RSA key generation,
// decompression) hands its result back through Loop.Enqueue and keeps the
// loop alive with Loop.Hold while pending; each such function says so in
// its comment. Bindings.Close cancels that work.
//
// # Not here
//
// WebAssembly (so no SharedArrayBuffer either: the WPT reach it through
// WebAssembly.Memory), URL.createObjectURL, performance.mark/measure,
// MessageChannel, resizable ArrayBuffers and Float16Array (goja has none).
package webapi
