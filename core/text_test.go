package core

import (
	"strings"
	"testing"
)

func TestValidateText(t *testing.T) {
	for _, ok := range []string{"", "Okta provisioning", "Zoë Ångström", "日本語 ✓", "a – b", strings.Repeat("é", 10)} {
		if err := ValidateText("name", ok, 10+len("Okta provisioning")); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"a\x00b", "position 2"},
		{"\tx", "position 1"},
		{"x\r\n", "control character"},
		{"é\x7f", "position 2"},
		{"a\u0085b", "control character"},
		{"invoice\u202etxt.exe", "control character"},
		{"a\u2066b", "control character"},
		{"\xff\xfe", "not valid UTF-8"},
		{"ab\ufffd", "U+FFFD, the replacement character, at position 3"},
		{strings.Repeat("x", 28), "28 characters long; it can be at most 27"},
	} {
		err := ValidateText("name", c.in, 27)
		var ce *Error
		if err == nil || !IsKind(err, Invalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want Invalid saying %q", c.in, err, c.want)
			continue
		}
		if ce = err.(*Error); ce.Field != "name" || strings.Contains(ce.Message, c.in) {
			t.Errorf("%q: field %q, message %q", c.in, ce.Field, ce.Message)
		}
	}
	if err := ValidateText("name", strings.Repeat("x", 1000), 0); err != nil {
		t.Errorf("max 0 is no limit: %v", err)
	}
	if err := ValidateEmail("email", "a\x00b@acme.com"); err == nil {
		t.Error("an email with a NUL is accepted")
	}
	at256 := strings.Repeat("a", MaxEmailLen-len("@acme.com")) + "@acme.com"
	if err := ValidateEmail("email", at256); err != nil {
		t.Errorf("an email of %d characters: %v", MaxEmailLen, err)
	}
	if err := ValidateEmail("email", "a"+at256); err == nil || !strings.Contains(err.Error(), "at most 256") {
		t.Errorf("an email of %d characters: %v", MaxEmailLen+1, err)
	}
}

func TestInvalidUTF8At(t *testing.T) {
	for in, want := range map[string]int{"": -1, "plain": -1, "Zoë ✓": -1, "\xff": 0, "ab\xc3": 2, "é\x80x": 2, "ok\ufffd": -1} {
		if got := InvalidUTF8At([]byte(in)); got != want {
			t.Errorf("InvalidUTF8At(%q) = %d, want %d", in, got, want)
		}
	}
}
