package core

import (
	"strings"
	"unicode/utf8"
)

// Bounds of a password set for password sign-in.
const (
	// MinPasswordChars is the shortest password that may be set, in characters.
	MinPasswordChars = 12
	// MaxPasswordBytes is bcrypt's limit: it silently ignores anything longer, so a
	// longer password is refused rather than cut.
	MaxPasswordBytes = 72
)

// ValidatePassword checks a password being set (never one being checked at sign-in,
// which must compare whatever was set before): at least MinPasswordChars
// characters, not only white space, at most MaxPasswordBytes bytes. field names the
// input at fault. Messages never repeat the password.
func ValidatePassword(field, password string) error {
	switch n := utf8.RuneCountInString(password); {
	case strings.TrimSpace(password) == "":
		return InvalidField(field, "The password is only white space; choose one of at least %d characters.", MinPasswordChars)
	case n < MinPasswordChars:
		return InvalidField(field, "The password is %d characters long; passwords must have at least %d.", n, MinPasswordChars)
	case len(password) > MaxPasswordBytes:
		return InvalidField(field, "The password is %d bytes long; passwords can be at most %d bytes. Choose a shorter one.", len(password), MaxPasswordBytes)
	}
	return nil
}
