// paychan: compiles app.wasm in a worker so that the page's main thread
// stays free while the browser decodes and compiles it (server/web's
// app.js hands the compiled module to the page, which instantiates it).
"use strict";
self.onmessage = async (event) => {
  try {
    const module = await WebAssembly.compileStreaming(fetch(event.data));
    self.postMessage({ module: module });
  } catch (err) {
    self.postMessage({ error: String(err) });
  }
};
