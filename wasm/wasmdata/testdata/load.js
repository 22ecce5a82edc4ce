// Node: node load.js WASM_EXEC_JS ORIGINAL.wasm DEFERRED.wasm
// Instantiates both modules, loads the deferred one's data with its
// loader, one call at a time, compares the two memories byte for byte
// (before either runs), then runs the deferred one. Prints "calls N"
// then whatever the program prints.
"use strict";
globalThis.require = require;
globalThis.fs = require("fs");
globalThis.TextEncoder = require("util").TextEncoder;
globalThis.TextDecoder = require("util").TextDecoder;
globalThis.performance ??= require("perf_hooks").performance;
globalThis.crypto ??= require("crypto");
require(process.argv[2]);

(async () => {
  const [orig, deferred] = await Promise.all(process.argv.slice(3, 5).map(async (f) => {
    const go = new Go();
    const r = await WebAssembly.instantiate(fs.readFileSync(f), go.importObject);
    return { go, instance: r.instance };
  }));
  const load = deferred.instance.exports.paychan_load_data;
  if (typeof orig.instance.exports.paychan_load_data !== "undefined" || typeof load !== "function") {
    throw new Error("want the loader in the deferred module only");
  }
  const before = new Uint8Array(deferred.instance.exports.mem.buffer);
  if (before.every((b) => b === 0) !== true) {
    throw new Error("the deferred module's memory holds data before its loader ran");
  }
  let calls = 0;
  for (let left = -1; left !== 0; calls++) {
    const was = left;
    left = load();
    if (was >= 0 && left !== was - 1) {
      throw new Error(`loader: ${left} left after ${was}`);
    }
  }
  if (load() !== 0) {
    throw new Error("loader: more left after 0");
  }
  const a = new Uint8Array(orig.instance.exports.mem.buffer);
  const b = new Uint8Array(deferred.instance.exports.mem.buffer);
  if (a.length !== b.length) {
    throw new Error(`memories of ${a.length} and ${b.length} bytes`);
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      throw new Error(`memories differ at byte ${i}`);
    }
  }
  console.log("calls " + calls);
  await deferred.go.run(deferred.instance);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
