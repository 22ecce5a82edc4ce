// Package qr encodes text as a QR code (Model 2, byte mode, error
// correction level M, versions 1-40) and draws it as a small SVG. It is the
// wallet's own encoder, kept small for the browser build: no image
// packages, no Kanji tables, no allocation at start-up. The algorithm
// follows Project Nayuki's reference encoder (MIT); the tables are those
// of ISO/IEC 18004.
package qr

import (
	"errors"
	"strconv"
	"strings"
)

// MaxBytes is the longest text Encode takes (version 40, level M).
const MaxBytes = 2331

// ErrTooLong is returned for a text longer than MaxBytes.
var ErrTooLong = errors.New("text too long for a QR code")

// Code is an encoded QR symbol: Size x Size modules.
type Code struct {
	Size    int
	Version int
	Mask    int
	mods    []bool // dark modules, row by row
	isFunc  []bool // function patterns (only while building)
}

// Dark reports whether the module at column x, row y is dark. Outside the
// symbol it is light.
func (c *Code) Dark(x, y int) bool {
	if x < 0 || y < 0 || x >= c.Size || y >= c.Size {
		return false
	}
	return c.mods[y*c.Size+x]
}

// level M: the one error correction level used (15% of codewords restorable).
const formatBitsM = 0

// Tables for level M, indexed by version (index 0 unused).
var eccPerBlockM = [41]int8{-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28}
var numBlocksM = [41]int8{-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49}

// Encode encodes text in byte mode at level M, in the smallest version it
// fits, with the mask of lowest penalty.
func Encode(text string) (*Code, error) {
	return encode([]byte(text), -1)
}

// encode with a given mask (0-7), or -1 for the best one.
func encode(data []byte, mask int) (*Code, error) {
	ver := 0
	for v := 1; v <= 40; v++ {
		if 4+charCountBits(v)+8*len(data) <= numDataCodewords(v)*8 {
			ver = v
			break
		}
	}
	if ver == 0 {
		return nil, ErrTooLong
	}
	capBits := numDataCodewords(ver) * 8
	var bb bitBuffer
	bb.put(4, 4) // byte mode
	bb.put(len(data), charCountBits(ver))
	for _, b := range data {
		bb.put(int(b), 8)
	}
	bb.put(0, min(4, capBits-bb.n))
	bb.put(0, (8-bb.n%8)%8)
	for pad := 0xEC; bb.n < capBits; pad ^= 0xEC ^ 0x11 {
		bb.put(pad, 8)
	}

	size := ver*4 + 17
	c := &Code{Size: size, Version: ver, mods: make([]bool, size*size), isFunc: make([]bool, size*size)}
	c.drawFunctionPatterns()
	c.drawCodewords(addECCAndInterleave(ver, bb.bytes))
	if mask < 0 {
		best := 1 << 30
		for m := 0; m < 8; m++ {
			c.applyMask(m)
			c.drawFormatBits(m)
			if p := c.penalty(); p < best {
				best, mask = p, m
			}
			c.applyMask(m) // undo (XOR)
		}
	}
	c.Mask = mask
	c.applyMask(mask)
	c.drawFormatBits(mask)
	c.isFunc = nil
	return c, nil
}

func charCountBits(ver int) int {
	if ver <= 9 {
		return 8
	}
	return 16
}

// numRawDataModules is the number of modules that hold data or error
// correction bits in a version (all but the function patterns).
func numRawDataModules(ver int) int {
	r := (16*ver+128)*ver + 64
	if ver >= 2 {
		n := ver/7 + 2
		r -= (25*n-10)*n - 55
		if ver >= 7 {
			r -= 36
		}
	}
	return r
}

func numDataCodewords(ver int) int {
	return numRawDataModules(ver)/8 - int(eccPerBlockM[ver])*int(numBlocksM[ver])
}

type bitBuffer struct {
	bytes []byte
	n     int
}

func (b *bitBuffer) put(v, bits int) {
	for i := bits - 1; i >= 0; i-- {
		if b.n%8 == 0 {
			b.bytes = append(b.bytes, 0)
		}
		if (v>>i)&1 != 0 {
			b.bytes[b.n/8] |= 0x80 >> (b.n % 8)
		}
		b.n++
	}
}

func (c *Code) set(x, y int, dark bool) { c.mods[y*c.Size+x] = dark }

func (c *Code) setFunc(x, y int, dark bool) {
	c.mods[y*c.Size+x] = dark
	c.isFunc[y*c.Size+x] = true
}

func (c *Code) drawFunctionPatterns() {
	s := c.Size
	for i := 0; i < s; i++ {
		c.setFunc(6, i, i%2 == 0)
		c.setFunc(i, 6, i%2 == 0)
	}
	c.drawFinder(3, 3)
	c.drawFinder(s-4, 3)
	c.drawFinder(3, s-4)
	pos := alignmentPositions(c.Version)
	n := len(pos)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if (i == 0 && j == 0) || (i == 0 && j == n-1) || (i == n-1 && j == 0) {
				continue // the finder patterns' corners
			}
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					c.setFunc(pos[i]+dx, pos[j]+dy, max(abs(dx), abs(dy)) != 1)
				}
			}
		}
	}
	c.drawFormatBits(0) // reserves the area; redrawn with the mask
	if c.Version >= 7 {
		rem := c.Version
		for i := 0; i < 12; i++ {
			rem = (rem << 1) ^ ((rem >> 11) * 0x1F25)
		}
		bits := c.Version<<12 | rem
		for i := 0; i < 18; i++ {
			bit := (bits>>i)&1 != 0
			a, b := s-11+i%3, i/3
			c.setFunc(a, b, bit)
			c.setFunc(b, a, bit)
		}
	}
}

func (c *Code) drawFinder(x, y int) {
	for dy := -4; dy <= 4; dy++ {
		for dx := -4; dx <= 4; dx++ {
			d := max(abs(dx), abs(dy))
			if xx, yy := x+dx, y+dy; xx >= 0 && xx < c.Size && yy >= 0 && yy < c.Size {
				c.setFunc(xx, yy, d != 2 && d != 4)
			}
		}
	}
}

func alignmentPositions(ver int) []int {
	if ver == 1 {
		return nil
	}
	n := ver/7 + 2
	step := (ver*4 + n*2 + 1) / (n*2 - 2) * 2
	if ver == 32 {
		step = 26
	}
	res := make([]int, n)
	res[0] = 6
	for i, p := n-1, ver*4+17-7; i >= 1; i, p = i-1, p-step {
		res[i] = p
	}
	return res
}

func (c *Code) drawFormatBits(mask int) {
	data := formatBitsM<<3 | mask
	rem := data
	for i := 0; i < 10; i++ {
		rem = (rem << 1) ^ ((rem >> 9) * 0x537)
	}
	bits := (data<<10 | rem) ^ 0x5412
	bit := func(i int) bool { return (bits>>i)&1 != 0 }
	s := c.Size
	for i := 0; i <= 5; i++ {
		c.setFunc(8, i, bit(i))
	}
	c.setFunc(8, 7, bit(6))
	c.setFunc(8, 8, bit(7))
	c.setFunc(7, 8, bit(8))
	for i := 9; i < 15; i++ {
		c.setFunc(14-i, 8, bit(i))
	}
	for i := 0; i < 8; i++ {
		c.setFunc(s-1-i, 8, bit(i))
	}
	for i := 8; i < 15; i++ {
		c.setFunc(8, s-15+i, bit(i))
	}
	c.setFunc(8, s-8, true) // the dark module
}

// addECCAndInterleave splits the data codewords into blocks, appends each
// block's Reed-Solomon codewords and interleaves them.
func addECCAndInterleave(ver int, data []byte) []byte {
	numBlocks := int(numBlocksM[ver])
	eccLen := int(eccPerBlockM[ver])
	raw := numRawDataModules(ver) / 8
	numShort := numBlocks - raw%numBlocks
	shortLen := raw / numBlocks
	div := rsDivisor(eccLen)
	blocks := make([][]byte, numBlocks)
	k := 0
	for i := range blocks {
		n := shortLen - eccLen
		if i >= numShort {
			n++
		}
		dat := append([]byte(nil), data[k:k+n]...)
		k += n
		ecc := rsRemainder(dat, div)
		if i < numShort {
			dat = append(dat, 0)
		}
		blocks[i] = append(dat, ecc...)
	}
	out := make([]byte, 0, raw)
	for i := range blocks[0] {
		for j, b := range blocks {
			if i != shortLen-eccLen || j >= numShort {
				out = append(out, b[i])
			}
		}
	}
	return out
}

func rsDivisor(degree int) []byte {
	r := make([]byte, degree)
	r[degree-1] = 1
	root := byte(1)
	for i := 0; i < degree; i++ {
		for j := range r {
			r[j] = gfMul(r[j], root)
			if j+1 < len(r) {
				r[j] ^= r[j+1]
			}
		}
		root = gfMul(root, 0x02)
	}
	return r
}

func rsRemainder(data, div []byte) []byte {
	r := make([]byte, len(div))
	for _, b := range data {
		f := b ^ r[0]
		copy(r, r[1:])
		r[len(r)-1] = 0
		for i := range r {
			r[i] ^= gfMul(div[i], f)
		}
	}
	return r
}

// gfMul multiplies in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1.
func gfMul(x, y byte) byte {
	z := 0
	for i := 7; i >= 0; i-- {
		z = (z << 1) ^ ((z >> 7) * 0x11D)
		z ^= int((y>>i)&1) * int(x)
	}
	return byte(z)
}

// drawCodewords places the bits in the zigzag order, skipping function
// patterns; the remainder bits stay light.
func (c *Code) drawCodewords(data []byte) {
	s := c.Size
	i := 0
	for right := s - 1; right >= 1; right -= 2 {
		if right == 6 {
			right = 5
		}
		for vert := 0; vert < s; vert++ {
			for j := 0; j < 2; j++ {
				x := right - j
				y := vert
				if (right+1)&2 == 0 {
					y = s - 1 - vert
				}
				if !c.isFunc[y*s+x] && i < len(data)*8 {
					c.set(x, y, (data[i>>3]>>(7-i&7))&1 != 0)
					i++
				}
			}
		}
	}
}

func (c *Code) applyMask(m int) {
	for y := 0; y < c.Size; y++ {
		for x := 0; x < c.Size; x++ {
			var inv bool
			switch m {
			case 0:
				inv = (x+y)%2 == 0
			case 1:
				inv = y%2 == 0
			case 2:
				inv = x%3 == 0
			case 3:
				inv = (x+y)%3 == 0
			case 4:
				inv = (x/3+y/2)%2 == 0
			case 5:
				inv = x*y%2+x*y%3 == 0
			case 6:
				inv = (x*y%2+x*y%3)%2 == 0
			default:
				inv = ((x+y)%2+x*y%3)%2 == 0
			}
			if inv && !c.isFunc[y*c.Size+x] {
				c.mods[y*c.Size+x] = !c.mods[y*c.Size+x]
			}
		}
	}
}

// penalty scores a masked symbol by the standard's four rules (lower is
// better).
func (c *Code) penalty() int {
	s := c.Size
	res := 0
	for pass := 0; pass < 2; pass++ { // rows, then columns
		for a := 0; a < s; a++ {
			color, run := false, 0
			var h [7]int
			for b := 0; b < s; b++ {
				x, y := b, a
				if pass == 1 {
					x, y = a, b
				}
				if c.mods[y*s+x] == color {
					run++
					if run == 5 {
						res += 3
					} else if run > 5 {
						res++
					}
				} else {
					c.addHistory(run, &h)
					if !color {
						res += countFinder(&h) * 40
					}
					color, run = c.mods[y*s+x], 1
				}
			}
			if color {
				c.addHistory(run, &h)
				run = 0
			}
			run += s
			c.addHistory(run, &h)
			res += countFinder(&h) * 40
		}
	}
	dark := 0
	for y := 0; y < s; y++ {
		for x := 0; x < s; x++ {
			m := c.mods[y*s+x]
			if m {
				dark++
			}
			if x < s-1 && y < s-1 && m == c.mods[y*s+x+1] && m == c.mods[(y+1)*s+x] && m == c.mods[(y+1)*s+x+1] {
				res += 3
			}
		}
	}
	total := s * s
	k := (abs(dark*20-total*10)+total-1)/total - 1
	return res + k*10
}

func (c *Code) addHistory(run int, h *[7]int) {
	if h[0] == 0 {
		run += c.Size // the light border before the first run
	}
	copy(h[1:], h[:6])
	h[0] = run
}

func countFinder(h *[7]int) int {
	n := h[1]
	core := n > 0 && h[2] == n && h[3] == n*3 && h[4] == n && h[5] == n
	r := 0
	if core && h[0] >= n*4 && h[6] >= n {
		r++
	}
	if core && h[6] >= n*4 && h[0] >= n {
		r++
	}
	return r
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Quiet is the light margin around the symbol, in modules (the standard's 4).
const Quiet = 4

// SVG draws the code as one path of squares, black on white, with the
// quiet zone, scale pixels a module (scale <= 0: as wide as its container).
// The title is its text alternative (escaped).
func (c *Code) SVG(title string, scale int) string {
	n := strconv.Itoa(c.Size + 2*Quiet)
	size := `width="100%"`
	if scale > 0 {
		px := strconv.Itoa((c.Size + 2*Quiet) * scale)
		size = `width="` + px + `" height="` + px + `"`
	}
	var b strings.Builder
	b.Grow(c.Size * c.Size * 4)
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" ` + size + ` viewBox="0 0 ` + n + " " + n + `" shape-rendering="crispEdges" role="img"><title>`)
	b.WriteString(escape(title))
	b.WriteString(`</title><rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="`)
	for y := 0; y < c.Size; y++ {
		for x := 0; x < c.Size; x++ {
			if !c.Dark(x, y) {
				continue
			}
			// a horizontal run of dark modules is one rectangle
			w := 1
			for c.Dark(x+w, y) {
				w++
			}
			b.WriteString("M" + strconv.Itoa(x+Quiet) + " " + strconv.Itoa(y+Quiet) + "h" + strconv.Itoa(w) + "v1h-" + strconv.Itoa(w) + "z")
			x += w - 1
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String()
}

func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
