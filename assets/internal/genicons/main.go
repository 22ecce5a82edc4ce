// Command genicons draws the wallet's PNG icons (a white "P" channel glyph on
// a teal disc) so that the PWA needs no remote image. Run it with
// `go generate ./assets`; its output is committed.
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
)

func main() {
	dir := "."
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	for _, size := range []int{192, 512} {
		path := filepath.Join(dir, fmt.Sprintf("icon-%d.png", size))
		if err := write(path, draw(size)); err != nil {
			fmt.Fprintln(os.Stderr, "genicons:", err)
			os.Exit(1)
		}
	}
}

// draw renders the icon at size×size pixels: a filled disc with two
// horizontal arrows (one each way), the picture of a duplex channel.
func draw(size int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	bg := color.NRGBA{0x0f, 0x76, 0x6e, 0xff}
	fg := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	c := float64(size) / 2
	r := c * 0.96
	s := float64(size)
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			dx, dy := float64(x)+0.5-c, float64(y)+0.5-c
			if dx*dx+dy*dy > r*r {
				continue
			}
			img.Set(x, y, bg)
			fx, fy := float64(x)/s, float64(y)/s
			// Upper arrow pointing right.
			if inArrow(fx, fy, 0.38, true) || inArrow(fx, fy, 0.62, false) {
				img.Set(x, y, fg)
			}
		}
	}
	return img
}

// inArrow reports whether (x, y), in unit coordinates, lies on a horizontal
// arrow centred on row cy, pointing right when right is true.
func inArrow(x, y, cy float64, right bool) bool {
	if !right {
		x = 1 - x
	}
	const shaftH, headW, headH = 0.045, 0.14, 0.11
	if x >= 0.22 && x <= 0.78-headW && y >= cy-shaftH && y <= cy+shaftH {
		return true
	}
	if x >= 0.78-headW && x <= 0.78 {
		half := headH * (0.78 - x) / headW
		return y >= cy-half && y <= cy+half
	}
	return false
}

func write(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create icon: %w", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("encode %s: %w", path, err)
	}
	return f.Close()
}
