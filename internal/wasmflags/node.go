package wasmflags

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// BuildJS builds the Go package pkg (a path go build takes, relative to
// dir when dir is not empty) for GOOS=js GOARCH=wasm into out, with the
// given build flags (Build for the wallet's own).
func BuildJS(dir, pkg, out string, flags ...string) error {
	args := append(append([]string{"build"}, flags...), "-o", out, pkg)
	build := exec.Command("go", args...)
	build.Dir = dir
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("build %s for js/wasm: %v\n%s", pkg, err, b)
	}
	return nil
}

// Node returns the node binary and the folder of Go's own WebAssembly
// runners (wasm_exec.js, wasm_exec_node.js), for tests that run a module
// under Node; an error if there is no node on the PATH.
func Node() (node, lib string, err error) {
	node, err = exec.LookPath("node")
	if err != nil {
		return "", "", err
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "", "", fmt.Errorf("go env GOROOT: %w", err)
	}
	return node, filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm"), nil
}
