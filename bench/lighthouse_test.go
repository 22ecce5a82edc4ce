package main

import "testing"

// TestMedianRun: the reported Lighthouse run is the one with the median
// performance score, whatever the order the runs came in.
func TestMedianRun(t *testing.T) {
	run := func(perf float64) *lighthouseResult {
		return &lighthouseResult{Categories: map[string]lighthouseCategory{"performance": {Score: &perf}}}
	}
	for _, tt := range []struct {
		perf []float64
		want int
	}{
		{[]float64{0.91}, 91},
		{[]float64{0.79, 0.92, 0.88}, 88},
		{[]float64{0.92, 0.88, 0.79}, 88},
		{[]float64{0.90, 0.80, 0.85, 0.95}, 85},
	} {
		var all []*lighthouseResult
		for _, p := range tt.perf {
			all = append(all, run(p))
		}
		if got := medianRun(all).score("performance"); got != tt.want {
			t.Errorf("medianRun(%v) scores %d; want %d", tt.perf, got, tt.want)
		}
	}
}
