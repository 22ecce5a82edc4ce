package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"paychan/wasm/wasmdata"
)

// startupTasksJS, added to a tab before it loads the wallet, records how
// long the page's main thread spends in each call into the wallet's
// WebAssembly: the module's instantiation, the program's start (go.run:
// the runtime and the package inits up to the first wait) and every later
// resume of the Go program (a timeout, an event, a fetch's answer), each
// a task of its own. It wraps WebAssembly.instantiate and wasm_exec.js's
// Go class as the page defines them, and the export that copies the
// module's data in after the instantiation; nothing else on the page
// changes. window.__paychanTasks holds [name, start, duration] in ms.
const startupTasksJS = `(() => {
  const log = [];
  window.__paychanTasks = log;
  const rec = (name, s) => log.push([name, s, performance.now() - s]);
  const inst = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...a) { const s = performance.now(); try { return inst.apply(this, a); } finally { rec("instantiate", s); } };
  // The calls of the export that copies app.wasm's data in after the
  // instantiation (wasm/wasmdata Defer), each a task or part of one.
  const ex = Object.getOwnPropertyDescriptor(WebAssembly.Instance.prototype, "exports");
  const wrapped = new WeakMap();
  Object.defineProperty(WebAssembly.Instance.prototype, "exports", { configurable: true, get() {
    const e = ex.get.call(this);
    const load = e.` + wasmdata.LoadExport + `;
    if (typeof load !== "function") { return e; }
    let w = wrapped.get(this);
    if (!w) {
      w = Object.assign({}, e);
      w.` + wasmdata.LoadExport + ` = () => { const s = performance.now(); try { return load(); } finally { rec("data", s); } };
      wrapped.set(this, w);
    }
    return w;
  }});
  let G;
  Object.defineProperty(globalThis, "Go", { configurable: true, get() { return G; }, set(v) {
    G = class extends v {
      constructor() { super(); const r = this._resume; this._resume = () => { const s = performance.now(); try { return r.call(this); } finally { rec("resume", s); } }; }
      run(i) { const s = performance.now(); try { return super.run(i); } finally { rec("run", s); } }
    };
  }});
})();`

// startupWindow is how long after the instantiation the start-up tasks are
// counted: the first render, the first refresh, k·G's table and the
// warm-up all fall inside it on this machine.
const startupWindow = 2 * time.Second

// startupTasks are one page load's wallet tasks.
type startupTasks struct {
	instantiate, run, longest time.Duration
	// data is the time copying the module's data in (wasm/wasmdata
	// Defer), in dataSlices tasks of which the longest took dataLongest.
	data, dataLongest time.Duration
	dataSlices        int
	long              int           // tasks over 12.5 ms, the instantiation included
	blocking          time.Duration // Σ max(0, 4·d − 50 ms)
	all               time.Duration
	// settle is how long the compiling worker waited after its warm-up
	// for the browser's optimising compiler (assets/wasm-compile.js), -1
	// if it did not say.
	settle time.Duration
}

// recordStartupTasks makes tab record the wallet's tasks from its next
// navigation on (startupTasksJS).
func recordStartupTasks(tab context.Context) error {
	_, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: startupTasksJS})
	return err
}

// readStartupTasks waits until startupWindow has passed since the
// instantiation and sums the tasks within it.
func readStartupTasks(tab context.Context) (startupTasks, error) {
	var st startupTasks
	ctx, cancel := context.WithTimeout(tab, 30*time.Second)
	defer cancel()
	wait := fmt.Sprintf(`(() => { const t = window.__paychanTasks; return !!t && t.length > 0 && performance.now() > t[0][1] + %d; })()`, startupWindow.Milliseconds())
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](wait, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(0))); err != nil {
		return st, fmt.Errorf("the wallet's start-up tasks: %w", err)
	}
	tasks, err := chromedp.Run(ctx, chromedp.Evaluate[[][]any](`window.__paychanTasks`))
	if err != nil {
		return st, err
	}
	if len(tasks) == 0 || tasks[0][0] != "instantiate" {
		return st, fmt.Errorf("the wallet's start-up tasks: the first is not the instantiation (%v)", tasks)
	}
	// Calls of the data loader made back to back (within 0.1 ms) run in
	// one task: join them.
	joined := [][]any{tasks[0]}
	for _, t := range tasks[1:] {
		last := joined[len(joined)-1]
		if t[0] == "data" && last[0] == "data" && t[1].(float64) <= last[1].(float64)+last[2].(float64)+0.1 {
			last[2] = t[1].(float64) + t[2].(float64) - last[1].(float64)
			continue
		}
		joined = append(joined, t)
	}
	tasks = joined
	st.settle = -1
	if w, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.paychanSettled ? window.paychanSettled.waitedMs : -1`)); err == nil && w >= 0 {
		st.settle = time.Duration(w * float64(time.Millisecond))
	}
	t0 := tasks[0][1].(float64)
	if os.Getenv("PAYCHAN_BENCH_TASKS") != "" {
		printStartupTasks(tab, tasks, t0)
	}
	msd := func(v any) time.Duration { return time.Duration(v.(float64) * float64(time.Millisecond)) }
	for i, t := range tasks {
		if t[1].(float64) > t0+float64(startupWindow.Milliseconds()) {
			break
		}
		d := msd(t[2])
		st.all += d
		switch {
		case i == 0:
			st.instantiate = d
		case t[0] == "run":
			st.run = d
		case t[0] == "data":
			st.data += d
			st.dataSlices++
			st.dataLongest = max(st.dataLongest, d)
		default:
			st.longest = max(st.longest, d)
		}
		if 4*d > 50*time.Millisecond {
			st.long++
			st.blocking += 4*d - 50*time.Millisecond
		}
	}
	return st, nil
}

// printStartupTasks writes every task of one load, and the page's user
// timing marks, in time order (PAYCHAN_BENCH_TASKS=1): which task is which
// when one of them is long.
func printStartupTasks(tab context.Context, tasks [][]any, t0 float64) {
	marks, _ := chromedp.Run(tab, chromedp.Evaluate[[][]any](`performance.getEntriesByType("mark").map(m => [m.name, m.startTime])`))
	type line struct {
		at   float64
		text string
	}
	var lines []line
	for _, t := range tasks {
		lines = append(lines, line{t[1].(float64), fmt.Sprintf("%8.1f ms  %-12s %6.1f ms", t[1].(float64)-t0, t[0], t[2].(float64))})
	}
	for _, m := range marks {
		lines = append(lines, line{m[1].(float64), fmt.Sprintf("%8.1f ms  mark %s", m[1].(float64)-t0, m[0])})
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].at < lines[j].at })
	fmt.Fprintln(os.Stderr, "start-up tasks (ms after the instantiation):")
	for _, l := range lines {
		fmt.Fprintln(os.Stderr, l.text)
	}
}

// medianTasks returns, field by field, the median of the rounds.
func medianTasks(rs []startupTasks) startupTasks {
	med := func(f func(startupTasks) time.Duration) time.Duration {
		ds := make([]time.Duration, len(rs))
		for i, r := range rs {
			ds[i] = f(r)
		}
		return percentile(ds, 50)
	}
	longs := make([]int, len(rs))
	slices := make([]int, len(rs))
	for i, r := range rs {
		longs[i] = r.long
		slices[i] = r.dataSlices
	}
	sort.Ints(longs)
	sort.Ints(slices)
	return startupTasks{
		instantiate: med(func(r startupTasks) time.Duration { return r.instantiate }),
		run:         med(func(r startupTasks) time.Duration { return r.run }),
		longest:     med(func(r startupTasks) time.Duration { return r.longest }),
		long:        longs[len(longs)/2],
		data:        med(func(r startupTasks) time.Duration { return r.data }),
		dataLongest: med(func(r startupTasks) time.Duration { return r.dataLongest }),
		dataSlices:  slices[len(slices)/2],
		blocking:    med(func(r startupTasks) time.Duration { return r.blocking }),
		all:         med(func(r startupTasks) time.Duration { return r.all }),
		settle:      med(func(r startupTasks) time.Duration { return r.settle }),
	}
}
