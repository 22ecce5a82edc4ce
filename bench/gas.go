package main

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// seedUnilateral is the seed contract's gas for the unilateral lifecycle
// (open, deposit, claim, withdraw, withdraw), from issue 2.
const seedUnilateral = 386_224

// benchGas runs the contracts engineer's gas table test (make gas) and
// prints its table with the seed's figure beside it.
func benchGas(ctx context.Context, r *report) error {
	cmd := exec.CommandContext(ctx, "go", "test", "-count=1", "-run", "^TestGasTable$", "-v", "./contracts/")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go test -run TestGasTable ./contracts: %w\n%s", err, out)
	}
	var table []string
	in := false
	for _, l := range strings.Split(string(out), "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "DuplexChannel gas") {
			in = true
		}
		if in {
			if l == "" || strings.HasPrefix(l, "---") || strings.HasPrefix(l, "PASS") {
				break
			}
			table = append(table, l)
		}
	}
	if len(table) < 2 {
		return fmt.Errorf("no gas table in the test output:\n%s", out)
	}
	r.section("5. Gas (contracts' table, `make gas`)")
	r.line("From `go test -run TestGasTable ./contracts` (the contracts engineer's test, simulated backend, deterministic). The seed's contract measured %s gas for the unilateral lifecycle; it published no other figure.\n", commas(seedUnilateral))
	r.line("```")
	for _, l := range table {
		if strings.HasPrefix(l, "lifecycle: unilateral") && !strings.Contains(l, "seed") {
			l += fmt.Sprintf("   <- seed: %s", commas(seedUnilateral))
		}
		r.line("%s", l)
	}
	r.line("```")
	return nil
}

func commas(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
