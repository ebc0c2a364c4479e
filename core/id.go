package core

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxIDLen is the longest ID Harriet accepts as one of its own: the IDs it issues
// are UUIDs (36 characters), and this leaves room without letting a client's value
// grow what Harriet keeps.
const MaxIDLen = 64

// PlausibleID reports whether s could be an ID Harriet issued: 1 to MaxIDLen
// characters of [A-Za-z0-9-] (SPEC.md, "IDs"). Anything else names no record, so it
// needs no lookup (a group's member IDs), and is refused where only an ID makes sense
// (a list's cursor). IDs are opaque: no check is stricter than this one.
func PlausibleID(s string) bool {
	if s == "" || len(s) > MaxIDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// RecordedID is how an ID a client named is remembered when it names no record (a
// group's skipped member IDs, audit entries, logs): as sent when it could be an ID,
// else at most its first MaxIDLen characters, control characters replaced by U+FFFD,
// with "…" when it was cut. So whatever a client sends, what Harriet keeps of it is
// small and printable.
func RecordedID(s string) string {
	if PlausibleID(s) {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == MaxIDLen {
			b.WriteString("…")
			break
		}
		if unicode.IsControl(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// DistinctIDs returns ids without repeats, keeping the first of each, in order: a
// client may name one member twice, and each is looked up and changed once.
func DistinctIDs(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
