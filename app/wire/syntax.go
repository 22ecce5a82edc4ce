package wire

// Hand-written checks of the wire's text fields. They replace regular
// expressions compiled at package init: in the browser those inits ran
// on the page's main thread at start-up (tens of milliseconds on a phone),
// and the checks run on every payment. syntax_test.go holds each to the
// regular expression it replaces.

// IsAmount reports whether s is a decimal amount as the wire writes it:
// 0, or 1 to 78 digits without a leading zero (`^(0|[1-9][0-9]{0,77})$`).
// Whether it fits in 256 bits is checked apart.
func IsAmount(s string) bool {
	if len(s) == 0 || len(s) > 78 {
		return false
	}
	if s[0] == '0' {
		return len(s) == 1
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// IsAddress reports whether s is 0x and 40 hexadecimal digits, in either
// case (`^0x[0-9a-fA-F]{40}$`).
func IsAddress(s string) bool {
	if len(s) != 42 || s[0] != '0' || s[1] != 'x' {
		return false
	}
	for i := 2; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

// IsRef reports whether s is at most 64 bytes of letters, digits and
// "_.:-" (`^[A-Za-z0-9_.:-]{0,64}$`).
func IsRef(s string) bool {
	if len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isLower(c) && !(c >= 'A' && c <= 'Z') && !isDigit(c) && c != '_' && c != '.' && c != ':' && c != '-' {
			return false
		}
	}
	return true
}

// IsCode reports whether s is a lower-case letter then up to 31 lower-case
// letters, digits and underscores (`^[a-z][a-z0-9_]{0,31}$`).
func IsCode(s string) bool {
	if len(s) == 0 || len(s) > 32 || !isLower(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isLower(c) && !isDigit(c) && c != '_' {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isHex(c byte) bool   { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') }
