// paychan: compiles app.wasm in a worker so that the page's main thread
// stays free while the browser decodes and compiles it (server/web's
// app.js hands the compiled module to the page, which instantiates it).
//
// The browser compiles each WebAssembly function lazily, the first time
// it runs, on the thread that runs it, and the compiled code belongs to
// the module, which the worker shares with the page. So the worker then
// runs the program once on its own instance (wasm/main.go,
// warmUpInWorker): its package inits, the first screen's mount on a
// stand-in document, and the payment path. Then the module goes to the
// page, and the worker closes itself.
"use strict";

// standInDocument gives the worker what go-app mounts on: a document
// whose every property is a function returning another such object, and
// an in-memory storage. A worker has no document and no localStorage, so
// nothing here reaches the page or the wallet's storage; the wallet
// renders its first screen as when it is prerendered and starts nothing
// (app/ui, WarmUpRender, which runs only where paychanStandInDocument is
// set in a worker).
function standInDocument() {
  const stub = () => new Proxy(function () {}, {
    get: (target, prop) => (prop === "then" || typeof prop === "symbol") ? undefined : stub(),
    set: () => true,
    apply: () => stub(),
    construct: () => stub(),
  });
  const storage = () => {
    const m = new Map();
    return {
      getItem: (k) => (m.has(String(k)) ? m.get(String(k)) : null),
      setItem: (k, v) => { m.set(String(k), String(v)); },
      removeItem: (k) => { m.delete(String(k)); },
      clear: () => { m.clear(); },
      key: (i) => Array.from(m.keys())[i] ?? null,
      get length() { return m.size; },
    };
  };
  self.document = stub();
  self.localStorage = storage();
  self.sessionStorage = storage();
  // go-app's engine opens a BroadcastChannel to share its state store with
  // the origin's pages; a worker has that API, so it goes too.
  self.BroadcastChannel = undefined;
  self.paychanStandInDocument = true;
}
self.onmessage = async (event) => {
  let module;
  try {
    module = await WebAssembly.compileStreaming(fetch(event.data));
  } catch (err) {
    self.postMessage({ error: String(err) });
    return;
  }
  // The bytes this fetch took from the network (the page's own resource
  // timing does not see a worker's fetches; bench/load.go adds them).
  const timing = performance.getEntriesByName(new URL(event.data, self.location.href).href)[0];
  const transferSize = timing ? timing.transferSize : -1;
  let sent = false;
  const send = () => {
    if (!sent) {
      sent = true;
      self.postMessage({ module: module, transferSize: transferSize });
    }
  };
  try {
    importScripts("/wasm_exec.js");
    const go = new Go();
    self.paychanWorkerWarmUp = (stage, message) => {
      if (stage === "ready") {
        send();
      } else if (stage === "error") {
        console.warn("paychan: warm-up in the compiling worker: " + message);
        self.postMessage({ warm: "error: " + message });
      } else if (stage === "done") {
        self.postMessage({ warm: "done" });
      }
    };
    standInDocument();
    const instance = await WebAssembly.instantiate(module, go.importObject);
    await go.run(instance);
  } catch (err) {
    // The warm-up is an optimisation: the page runs without it.
  }
  send();
  self.close();
};
