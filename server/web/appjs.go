package web

import (
	"bytes"
	"net/http"
	"strconv"

	"paychan/app/hostapi"
	"paychan/wasm/wasmdata"
)

// go-app v9's app.js compiles app.wasm on the page's main thread
// (WebAssembly.instantiateStreaming over a Response it rebuilds in
// JavaScript, fetchWithProgress, to count bytes for its loading label):
// Lighthouse traces showed that as one long task of 1-2 s (desktop, no
// CPU slowdown) spanning the download. The wallet compiles it in a worker
// instead (assets/wasm-compile.js: WebAssembly.compileStreaming over the
// browser's own fetch) and the page only instantiates the compiled module;
// a browser without workers compiles on the page as before. A timeout
// between the instantiation and the Go program's start gives the page a
// turn there: two shorter tasks instead of one long one. Before that, the
// page copies app.wasm's data into its memory in slices of a few
// milliseconds (goappLoadWasmData; wasm/wasmdata Defer), a copy that was
// part of the instantiation's task before. The loading
// line (app.css) shows progress without a percentage. The Handler has no
// option for it, so streamingAppJS rewrites the call in the app.js it
// serves and adds the function it calls.
const (
	goappWasmFetch = `const wasm = await instantiateStreaming(
      fetchWithProgress("/web/app.wasm", showProgress),
      go.importObject
    );`
	ourWasmFetch = `const wasm = { instance: await WebAssembly.instantiate(
      await goappCompileWasm("/web/app.wasm"),
      go.importObject
    ) };
    await goappLoadWasmData(wasm.instance);
    await new Promise((resolve) => setTimeout(resolve, 0));`
	// compileWorker is the worker's script (assets/wasm-compile.js).
	compileWorker = "/web/wasm-compile.js"
	compileWasmJS = `

// paychan (server/web/appjs.go): compile app.wasm off the main thread.
function goappCompileWasm(url) {
  if (!window.Worker) {
    return WebAssembly.compileStreaming(fetch(url));
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker("` + compileWorker + `");
    // The worker warms the module up before it sends it, then says how
    // that ended (window.paychanWarmUp: "done" or "error: ...") and
    // closes itself (assets/wasm-compile.js).
    worker.onmessage = (event) => {
      worker.onmessage = (later) => {
        if (later.data.warm) {
          window.paychanWarmUp = later.data.warm;
        }
      };
      if (event.data.error) {
        worker.terminate();
        reject(new Error(event.data.error));
      } else {
        window.paychanWasmTransfer = event.data.transferSize;
        // How long the worker's warm-up took and how long it then waited
        // for the browser's optimising compiler ({warmUpMs, waitedMs};
        // null: no warm-up), for the tests and the benchmark.
        window.paychanSettled = event.data.settled;
        paychanChannelWorker(event.data.module);
        resolve(event.data.module);
      }
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error("compiling the wallet failed: " + event.message));
    };
    worker.postMessage(url);
  });
}

// paychan (assets/wasm-compile.js channelWarmUp, app/ui WarmUpChannel):
// the second warm-up, which the wallet asks for once a key is unlocked
// (window.paychanWarmChannel, once a page): a worker of its own runs the
// program on the module the page has, renders the channel screen as at
// each payment and makes in-memory payments, then says how that ended
// (window.paychanWarmChannelDone: {warm: "done" or "error: ...", ms}) and
// closes.
function paychanChannelWorker(module) {
  let asked = false;
  window.paychanWarmChannel = () => {
    if (asked) {
      return;
    }
    asked = true;
    const worker = new Worker("` + compileWorker + `");
    worker.onmessage = (event) => {
      window.paychanWarmChannelDone = event.data;
    };
    worker.onerror = () => worker.terminate();
    worker.postMessage(module);
  };
}

// paychan (wasm/wasmdata Defer): app.wasm's data is copied into its
// memory after the instantiation, by calls of its ` + wasmdata.LoadExport + `
// export, each a segment of up to 256 KB (about a millisecond here); the
// page gets its turn whenever a slice has taken longer than 4 ms. A
// module without that export loads its data as it is instantiated, and
// one whose data is not all loaded here loads the rest before it runs.
async function goappLoadWasmData(instance) {
  const load = instance.exports.` + wasmdata.LoadExport + `;
  if (typeof load !== "function") {
    return;
  }
  const turn = () => new Promise((resolve) => {
    if (window.scheduler && typeof scheduler.yield === "function") {
      scheduler.yield().then(resolve);
      return;
    }
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(0);
  });
  let start = performance.now();
  let calls = 1, tasks = 1;
  while (load() > 0) {
    calls++;
    if (performance.now() - start > 4) {
      await turn();
      tasks++;
      start = performance.now();
    }
  }
  window.paychanWasmData = { calls: calls, tasks: tasks };
}

// paychan (app/ui/node.go getConfig): the host's configuration, asked for
// as the page loads, while app.wasm downloads and compiles; the wallet
// takes the answer for its first read of it, one fetch fewer in its start.
(function () {
  if (!window.fetch || !window.AbortController) {
    return;
  }
  const abort = new AbortController();
  const response = fetch("` + hostapi.ConfigPath + `", { signal: abort.signal, credentials: "same-origin" });
  // Offline, the request fails: the wallet then asks again, and falls
  // back to its stored copy.
  response.catch(() => {});
  window.` + hostapi.ConfigPrefetch + ` = { response: response, abort: abort };
})();

// paychan: the page's first use of localStorage opens the site's storage
// (2-8 ms here), a cost go-app's engine start (its state store's sweep)
// would otherwise pay inside its task. Here it is a task of its own while
// app.wasm compiles in the worker.
setTimeout(() => {
  try {
    void window.localStorage.length;
  } catch (e) {
    // No storage (a private mode's refusal): the wallet says so itself.
  }
}, 0);

// paychan (app/ui/live.go setLiveTexts): a received payment's amounts,
// written into the text nodes go-app holds in one call from Go. s is, per
// text, its element's id, its text, "1" if the element carries a title
// (else ""), and the title ("" removes it), all joined by NUL. Only an
// existing last child that is a text node is changed, as setLiveText does.
window.paychanSetTexts = function (s) {
  const a = s.split("\u0000");
  for (let i = 0; i + 3 < a.length; i += 4) {
    const el = document.getElementById(a[i]);
    const last = el && el.lastChild;
    if (!last || last.nodeType !== Node.TEXT_NODE) {
      continue;
    }
    if (last.nodeValue !== a[i + 1]) {
      last.nodeValue = a[i + 1];
    }
    if (a[i + 2] === "1") {
      if (a[i + 3] !== "") {
        el.setAttribute("title", a[i + 3]);
      } else {
        el.removeAttribute("title");
      }
    }
  }
};
`
)

// streamingAppJS rewrites the wasm fetch of go-app's /app.js.
func streamingAppJS(next http.Handler) http.Handler {
	return rewriteOK(next, "/app.js", func(body []byte) []byte {
		if !bytes.Contains(body, []byte(goappWasmFetch)) {
			return body
		}
		body = bytes.Replace(body, []byte(goappWasmFetch), []byte(ourWasmFetch), 1)
		return append(body, compileWasmJS...)
	})
}

// rewriteOK serves next's response for path through rewrite when its
// status is 200 (any other response passes as it is), with the
// Content-Length of what rewrite returned; other paths go straight to next.
func rewriteOK(next http.Handler, path string, rewrite func(body []byte) []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			next.ServeHTTP(w, r)
			return
		}
		bw := &bufferWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(bw, r)
		body := bw.buf.Bytes()
		if bw.status == http.StatusOK {
			body = rewrite(body)
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(bw.status)
		w.Write(body)
	})
}

// bufferWriter holds back a whole response (headers go to the real writer,
// which has not sent them yet).
type bufferWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (b *bufferWriter) WriteHeader(code int)        { b.status = code }
func (b *bufferWriter) Write(p []byte) (int, error) { return b.buf.Write(p) }
