package main

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"time"
)

// childCPU sums the CPU time (user + system) of the descendants of process
// root whose command line holds arg (e.g. Chromium's "--type=renderer":
// the pages' processes), and says how many there are. CPU time, unlike a
// latency, does not grow when other work shares the machine.
func childCPU(root int, arg string) (time.Duration, int) {
	parent := map[int]int{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(b[i+1:]))
		if len(f) < 2 {
			continue
		}
		parent[pid], _ = strconv.Atoi(f[1])
	}
	under := func(pid int) bool {
		for n := 0; n < 64 && pid > 1; n++ {
			if pid = parent[pid]; pid == root {
				return true
			}
		}
		return false
	}
	var sum time.Duration
	count := 0
	for pid := range parent {
		if !under(pid) {
			continue
		}
		cmd, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
		if err != nil || !bytes.Contains(cmd, []byte(arg)) {
			continue
		}
		if t, err := procCPU(pid); err == nil {
			sum += t
			count++
		}
	}
	return sum, count
}
