package core

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
)

func TestNewTokenSecretIsWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		tok, err := NewTokenSecret()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(tok, "hrt_") || len(tok) != len("hrt_")+43+6 {
			t.Fatalf("token %q: want hrt_ + 43 + 6 characters", tok)
		}
		if strings.Trim(tok[len("hrt_"):], base62) != "" {
			t.Fatalf("token %q is not base62 after its prefix", tok)
		}
		if !WellFormedToken(tok) {
			t.Fatalf("a new token is not well formed: %q", tok)
		}
		if seen[tok] {
			t.Fatalf("token %q made twice", tok)
		}
		seen[tok] = true
	}
}

// Any one character changed anywhere (prefix, body or checksum) is caught, so a
// typo or a damaged paste is refused before any lookup.
func TestWellFormedTokenCatchesEveryFlippedCharacter(t *testing.T) {
	tok, err := NewTokenSecret()
	if err != nil {
		t.Fatal(err)
	}
	for i := range len(tok) {
		for _, delta := range []int{1, 31} {
			b := []byte(tok)
			j := strings.IndexByte(base62, b[i])
			if j < 0 {
				b[i] ^= 0x20 // a prefix character: change its case
			} else {
				b[i] = base62[(j+delta)%len(base62)]
			}
			if WellFormedToken(string(b)) {
				t.Errorf("character %d changed (%q → %q) still well formed", i, tok, b)
			}
		}
	}
	for _, bad := range []string{"", "hrt_", tok[:len(tok)-1], tok + "0", "HRT_" + tok[4:], "xyz_" + tok[4:],
		tok[len(tok)-6:] + tok[:len(tok)-6]} {
		if WellFormedToken(bad) {
			t.Errorf("%q is well formed", bad)
		}
	}
}

func TestHashTokenIsSHA256(t *testing.T) {
	// FIPS 180-2's test vector for "abc".
	want, _ := hex.DecodeString("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
	if got := HashToken("abc"); !bytes.Equal(got, want) {
		t.Errorf("HashToken(abc) = %x, want %x", got, want)
	}
	if bytes.Equal(HashToken("hrt_a"), HashToken("hrt_b")) {
		t.Error("two tokens hash alike")
	}
}

func TestDisplayPrefix(t *testing.T) {
	tok, err := NewTokenSecret()
	if err != nil {
		t.Fatal(err)
	}
	if got := DisplayPrefix(tok); got != tok[:10] || !strings.HasPrefix(got, "hrt_") {
		t.Errorf("DisplayPrefix = %q, want the first 10 characters of %q", got, tok)
	}
	if got := DisplayPrefix("hrt_ab"); got != "hrt_ab" {
		t.Errorf("DisplayPrefix of a short string = %q", got)
	}
}
