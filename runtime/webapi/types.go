package webapi

import _ "embed" // the editor's declarations of the Edge Runtime globals

//go:embed types/edge-runtime.d.ts
var typeDeclarations string

// TypeDeclarations returns the TypeScript declarations of what the Edge
// Runtime adds to a worker's Web APIs (EdgeRuntime, process.env,
// AsyncLocalStorage and the node: modules Next.js offers), for the editor,
// which compiles routes against the es2022 and webworker libraries and no
// Node.js types.
func TypeDeclarations() string {
	return typeDeclarations
}
