package wire

import (
	"regexp"
	"strings"
	"testing"
)

// The regular expressions the checks replace.
var syntaxChecks = []struct {
	name  string
	re    *regexp.Regexp
	check func(string) bool
}{
	{"amount", regexp.MustCompile(`^(0|[1-9][0-9]{0,77})$`), IsAmount},
	{"address", regexp.MustCompile(`^0x[0-9a-fA-F]{40}$`), IsAddress},
	{"ref", regexp.MustCompile(`^[A-Za-z0-9_.:-]{0,64}$`), IsRef},
	{"code", regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`), IsCode},
}

func TestSyntaxAsRegexp(t *testing.T) {
	cases := []string{
		"", "0", "00", "01", "1", "10", "9", "-1", "+1", "1.0", " 1", "1 ", "1\n", "٣",
		strings.Repeat("9", 77), strings.Repeat("9", 78), strings.Repeat("9", 79), "1" + strings.Repeat("0", 77),
		"0x", "0x" + strings.Repeat("a", 40), "0x" + strings.Repeat("A", 40), "0X" + strings.Repeat("a", 40),
		"0x" + strings.Repeat("g", 40), "0x" + strings.Repeat("f", 39), "0x" + strings.Repeat("f", 41),
		"x0" + strings.Repeat("f", 40), "0x" + strings.Repeat("0", 39) + "\n",
		"a", "a_1", "A", "_", "abc:def.g-h", strings.Repeat("a", 32), strings.Repeat("a", 33), strings.Repeat("z", 64), strings.Repeat("z", 65),
		"over_limit", "1abc", "a b", "a/b", "é", "a\x00",
	}
	for _, sc := range syntaxChecks {
		for _, s := range cases {
			if got, want := sc.check(s), sc.re.MatchString(s); got != want {
				t.Errorf("%s(%q) = %v; the regexp says %v", sc.name, s, got, want)
			}
		}
	}
}

func FuzzSyntaxAsRegexp(f *testing.F) {
	for _, s := range []string{"0", "12", "0x" + strings.Repeat("a", 40), "a_b", "ref:1.2-3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, sc := range syntaxChecks {
			if got, want := sc.check(s), sc.re.MatchString(s); got != want {
				t.Errorf("%s(%q) = %v; the regexp says %v", sc.name, s, got, want)
			}
		}
	})
}
