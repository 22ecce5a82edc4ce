package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"

	"paychan/bench/internal/cryptocost"
)

// report accumulates the markdown report.
type report struct {
	b        strings.Builder
	failures []string   // sections that could not run
	summary  [][]string // section, goal, target, reached, met

	// Kept for section 6 (sealed messages) when section 2 ran before it.
	browser  *browserRun        // the browser payments' latency
	chromium *cryptocost.Result // bench/wasmcrypto in Chromium
}

// browserRun is section 2's latency, click to Bob's new balance.
type browserRun struct {
	n               int
	first, p50, p99 time.Duration
}

// goals writes a section's goal table and keeps its rows for the summary
// at the top of the report.
func (r *report) goals(section string, head []string, rows [][]string) {
	r.table(head, rows)
	for _, row := range rows {
		r.summary = append(r.summary, append([]string{section}, row...))
	}
}

// final returns the report with the one-table summary of every goal
// inserted after the machine line.
func (r *report) final() string {
	body := r.b.String()
	i := strings.Index(body, "\n## ")
	if i < 0 || len(r.summary) == 0 {
		return body
	}
	var t report
	t.line("\n## Goals at a glance\n")
	t.table([]string{"section", "goal", "target", "reached", ""}, r.summary)
	return body[:i] + "\n" + strings.TrimRight(t.String(), "\n") + "\n" + body[i:]
}

func (r *report) line(format string, a ...any) { fmt.Fprintf(&r.b, format+"\n", a...) }
func (r *report) title(t string)               { r.line("# %s\n", t) }
func (r *report) section(t string)             { r.line("\n## %s\n", t) }
func (r *report) String() string               { return r.b.String() }

// failed records a section that could not run, with the reason.
func (r *report) failed(section string, err error) {
	r.section(section)
	r.line("Not measured in this run: %v", err)
	r.failures = append(r.failures, section+": "+err.Error())
}

// table writes a markdown table.
func (r *report) table(head []string, rows [][]string) {
	r.line("| %s |", strings.Join(head, " | "))
	sep := make([]string, len(head))
	for i := range sep {
		sep[i] = "---"
	}
	r.line("| %s |", strings.Join(sep, " | "))
	for _, row := range rows {
		r.line("| %s |", strings.Join(row, " | "))
	}
	r.line("")
}

// cpuModel reads the CPU model from /proc/cpuinfo.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func memTotal() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "MemTotal:") {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(l, "MemTotal:")), "%d", &kb)
			return fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
		}
	}
	return "unknown"
}

// machine prints the machine every figure was measured on.
func (r *report) machine(s settings) {
	r.line("Machine: %d cores (%s), %s RAM, %s/%s, %s. Every figure below was measured on it in this run.",
		runtime.NumCPU(), cpuModel(), memTotal(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	if s.quick {
		r.line("\n**Quick smoke run: tiny sizes, figures are not meaningful.**")
	}
}

// percentile returns the p-th percentile (0..100) of ds.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(float64(len(s)-1) * p / 100)
	return s[i]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

func rate(n int, d time.Duration) float64 { return float64(n) / d.Seconds() }

func goal(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}

// loadAvg is the machine's 1, 5 and 15 minute load averages
// (/proc/loadavg), or "unknown".
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
