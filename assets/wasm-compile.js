// paychan: compiles app.wasm in a worker so that the page's main thread
// stays free while the browser decodes and compiles it (server/web's
// app.js hands the compiled module to the page, which instantiates it).
"use strict";
self.onmessage = async (event) => {
  try {
    const module = await WebAssembly.compileStreaming(fetch(event.data));
    // The bytes this fetch took from the network (the page's own resource
    // timing does not see a worker's fetches; bench/load.go adds them).
    const timing = performance.getEntriesByName(new URL(event.data, self.location.href).href)[0];
    self.postMessage({ module: module, transferSize: timing ? timing.transferSize : -1 });
  } catch (err) {
    self.postMessage({ error: String(err) });
  }
};
