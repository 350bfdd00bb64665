// Package webapi installs the Vercel Edge Runtime's Web API globals (SPEC
// R-RT-1, R-RT-5) into a goja runtime: fetch, Request, Response, Headers,
// URL, URLSearchParams, TextEncoder, TextDecoder, Blob, File, FormData,
// atob, btoa, DOMException, Event, EventTarget, AbortController, AbortSignal,
// setTimeout, setInterval, clearTimeout, clearInterval, queueMicrotask,
// structuredClone, crypto (getRandomValues, randomUUID), console,
// performance, self and EdgeRuntime.
//
// # Design
//
// The globals are JS classes, embedded under js/ and compiled once by
// NewGlobals into programs that every isolate shares. Install runs them in a
// fresh runtime, handing each file a `host` object of Go functions and a
// private `internal` object the files share; both live only in closures, so
// user code cannot reach them. Internal state sits in class private fields
// (#state), which also give the brand checks. Heavy work runs in Go: the
// WHATWG URL parser and its setters (url.go), application/x-www-form-urlencoded
// and multipart (form.go), the Encoding Standard's decoders and base64
// (encoding.go), randomness, timers (timers.go) and HTTP (fetch.go).
//
// # Threading
//
// goja is not goroutine-safe. Everything here that touches the runtime runs
// on the goroutine that owns it, the isolate's event loop. Work done
// elsewhere (fetch I/O, timer expiry) hands its result back through
// Loop.Enqueue and keeps the loop alive with Loop.Hold while pending; each
// such function says so in its comment. Bindings.Close cancels that work.
//
// # Not here yet
//
// ReadableStream and the other streams (a body is bytes: Body.body and
// Blob.stream() return an interim single-chunk stream that is not a global
// ReadableStream and lacks pipeTo, pipeThrough, tee and BYOB readers),
// TextEncoderStream, TextDecoderStream, CompressionStream,
// DecompressionStream, crypto.subtle, CryptoKey, SubtleCrypto, URLPattern,
// WebSocket, URL.createObjectURL, performance.mark/measure, global
// addEventListener, and unhandled-rejection reporting (the isolate owns
// goja's promise rejection tracker). Request bodies are sent and response
// bodies received whole.
package webapi
