// Package assets holds the wallet's static files (icons, style sheet), served
// under /web/ by server/web and embedded in the host binary so the app works
// offline with no remote resource.
package assets

import "embed"

//go:generate go run ./internal/genicons .

// FS holds the files, at its root: icon-192.png, icon-512.png, icon.svg,
// app.css and wasm-compile.js (the worker that compiles app.wasm).
//
//go:embed icon-192.png icon-512.png icon.svg app.css wasm-compile.js
var FS embed.FS
