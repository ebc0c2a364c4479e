package core

import (
	"unicode"
	"unicode/utf8"
)

// ValidateText checks a free-text value an admin gives (a token name, a person's
// name, a Client ID): valid UTF-8, no control character, and at most max characters
// when max > 0. A NUL, a line break or a bidirectional override in a name ends up
// in pages, audit entries and logs, where it hides or disguises what follows, so
// it is refused rather than stored. field names the input at fault; the message
// never repeats the value.
func ValidateText(field, s string, max int) error {
	if !utf8.ValidString(s) {
		return InvalidField(field, "%s is not valid UTF-8 text.", field)
	}
	if i := indexControl(s); i >= 0 {
		return InvalidField(field, "%s holds a control character (a NUL, a tab, a line break or the like) at position %d; use printable text only.",
			field, utf8.RuneCountInString(s[:i])+1)
	}
	if n := utf8.RuneCountInString(s); max > 0 && n > max {
		return InvalidField(field, "%s is %d characters long; it can be at most %d.", field, n, max)
	}
	return nil
}

// indexControl returns the byte index of the first control character in s (C0,
// DEL, C1, and the bidirectional controls that reorder what is shown), or -1.
func indexControl(s string) int {
	for i, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return i
		}
	}
	return -1
}
