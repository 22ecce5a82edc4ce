// paychan: compiles app.wasm in a worker so that the page's main thread
// stays free while the browser decodes and compiles it (server/web's
// app.js hands the compiled module to the page, which instantiates it).
//
// The browser compiles each WebAssembly function lazily, the first time
// it runs, on the thread that runs it, and the compiled code belongs to
// the module, which the worker shares with the page. So the worker then
// runs the program once on its own instance (wasm/main.go,
// warmUpInWorker): its package inits, the first screen's mount on a
// stand-in document, and the payment path. Then, once the browser's
// optimising compiler has caught up with what the warm-up queued (settle,
// below), the module goes to the page, and the worker closes itself. A
// second warm-up, the channel screen and more payments, runs later in a
// worker of its own (channelWarmUp, below).
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

// The browser compiles a WebAssembly function that has run a while a second
// time, optimised, on its background threads, while the program goes on.
// The warm-up leaves a queue of that work: in a Chromium trace of the
// wallet's first load, about 1.9 s of CPU on 2-3 threads (much of it for
// package inits that run once), which went on for about as long again
// after the warm-up ended; on a device with few cores it ran alongside the
// page's start-up and made each of the page's tasks two to three times
// longer. So the worker hands the module over only after a pause as long
// as its warm-up took (the queue's size follows the warm-up's code, its
// pace the device's), at most settleLimitMs: on a fast device, or on a
// later visit whose code the browser has cached, the warm-up and the pause
// are short. (Timing a loop in the worker to see when the compiling
// threads are done did not work: the scheduler favours a thread that has
// just woken, so a short loop ran at full speed among them.)
const settleLimitMs = 300;

// settle waits as long as the warm-up took, at most limitMs, and says how
// long the warm-up took and how long it waited.
async function settle(warmUpMs, limitMs) {
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, Math.min(warmUpMs, limitMs)));
  return { warmUpMs: Math.round(warmUpMs), waitedMs: Math.round(performance.now() - start) };
}

// channelWarmUp is the second warm-up, in a worker of its own that the
// page starts once a key is unlocked (server/web's app.js,
// paychanWarmChannel) with the module it already has: the program runs on
// a fresh instance, renders the channel screen as at each payment (app/ui
// WarmUpChannel) and makes in-memory payments (wasm/main.go,
// warmUpChannelInWorker), so that the browser optimises that code before
// the first payments rather than during them. It then says how that ended
// and how long it took, and the worker closes itself.
async function channelWarmUp(module) {
  const start = performance.now();
  let warm = "error: the program ended without a word";
  try {
    importScripts("/wasm_exec.js");
    const go = new Go();
    self.paychanWorkerWarmUp = (stage, message) => {
      if (stage === "error") {
        console.warn("paychan: channel warm-up in a worker: " + message);
        warm = "error: " + message;
      } else if (stage === "done") {
        warm = "done";
      }
    };
    self.paychanWorkerChannel = true;
    standInDocument();
    await go.run(await WebAssembly.instantiate(module, go.importObject));
  } catch (err) {
    warm = "error: " + String(err);
  }
  self.postMessage({ warm: warm, ms: Math.round(performance.now() - start) });
  self.close();
}

self.onmessage = async (event) => {
  if (event.data instanceof WebAssembly.Module) {
    await channelWarmUp(event.data);
    return;
  }
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
  // The module goes to the page once the warm-up is ready (and the
  // compiling threads have settled), whether or not the program ends; then
  // how the warm-up ended.
  let handedOver = null;
  const handOver = () => {
    if (handedOver === null) {
      handedOver = settle(performance.now() - warmUpStart, settleLimitMs).then((settled) => {
        self.postMessage({ module: module, transferSize: transferSize, settled: settled });
      });
    }
    return handedOver;
  };
  let last = null;
  let warmUpStart = performance.now();
  try {
    importScripts("/wasm_exec.js");
    const go = new Go();
    self.paychanWorkerWarmUp = (stage, message) => {
      if (stage === "ready") {
        handOver();
      } else if (stage === "error") {
        console.warn("paychan: warm-up in the compiling worker: " + message);
        last = handOver().then(() => self.postMessage({ warm: "error: " + message }));
      } else if (stage === "done") {
        last = handOver().then(() => self.postMessage({ warm: "done" }));
      }
    };
    standInDocument();
    const instance = await WebAssembly.instantiate(module, go.importObject);
    warmUpStart = performance.now();
    await go.run(instance);
  } catch (err) {
    // The warm-up is an optimisation: the page runs without it.
  }
  if (handedOver === null) {
    // No warm-up ran: nothing queued for the compiling threads.
    self.postMessage({ module: module, transferSize: transferSize, settled: null });
  }
  await handedOver;
  await last;
  self.close();
};
