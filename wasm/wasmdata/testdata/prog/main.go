// Command prog is wasm/wasmdata's test program: what it prints depends on
// its initialised memory (unicode's tables, the strings of fmt and the
// runtime's type and function tables), so a module that starts with other
// memory prints something else or fails.
package main

import (
	"crypto/sha256"
	"fmt"
	"unicode"
)

func main() {
	fmt.Printf("%d %x\n", len(unicode.Han.R16), sha256.Sum256([]byte(fmt.Sprint(unicode.Latin, unicode.Greek, unicode.Han))))
}
