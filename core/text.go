package core

import (
	"strings"
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
	if i := strings.IndexRune(s, utf8.RuneError); i >= 0 {
		return InvalidField(field, "%s holds U+FFFD, the replacement character, at position %d: it stands for text that was not valid UTF-8 (a broken encoding or a lone \\uD800-style escape); send the text again as valid UTF-8.",
			field, utf8.RuneCountInString(s[:i])+1)
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

// InvalidUTF8At returns the index of the first byte of b that is not part of valid
// UTF-8, or -1. A JSON decoder would quietly turn such bytes into U+FFFD, so two
// different inputs would be stored as the same text: bodies are checked first.
func InvalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}
