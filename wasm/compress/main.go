// Command compress writes FILE.br (brotli, best quality) and FILE.gz (gzip,
// best compression) next to each FILE given, for server/web to serve
// precompressed. Outputs are written to a temporary name and renamed, so a
// failed run never leaves a truncated file behind.
package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"

	"github.com/andybalholm/brotli"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: compress FILE...")
		os.Exit(2)
	}
	for _, path := range os.Args[1:] {
		if err := compress(path); err != nil {
			fmt.Fprintln(os.Stderr, "compress:", err)
			os.Exit(1)
		}
	}
}

func compress(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	br := func(w io.Writer) io.WriteCloser {
		return brotli.NewWriterOptions(w, brotli.WriterOptions{Quality: brotli.BestCompression, LGWin: 24})
	}
	gz := func(w io.Writer) io.WriteCloser {
		z, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		return z
	}
	for _, c := range []struct {
		ext string
		enc func(io.Writer) io.WriteCloser
	}{{".br", br}, {".gz", gz}} {
		n, err := write(path+c.ext, src, c.enc)
		if err != nil {
			return err
		}
		fmt.Printf("%s%s: %d bytes (raw %d)\n", path, c.ext, n, len(src))
	}
	return nil
}

func write(dst string, src []byte, enc func(io.Writer) io.WriteCloser) (int64, error) {
	tmp := dst + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return 0, fmt.Errorf("create: %w", err)
	}
	defer os.Remove(tmp)
	w := enc(f)
	if _, err := w.Write(src); err != nil {
		f.Close()
		return 0, fmt.Errorf("compress %s: %w", dst, err)
	}
	if err := w.Close(); err != nil {
		f.Close()
		return 0, fmt.Errorf("compress %s: %w", dst, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return 0, fmt.Errorf("stat: %w", err)
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("close: %w", err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return 0, fmt.Errorf("rename: %w", err)
	}
	return st.Size(), nil
}
