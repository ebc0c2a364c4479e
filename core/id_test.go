package core

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPlausibleID(t *testing.T) {
	for s, want := range map[string]bool{
		"0190aaaa-0000-7000-8000-000000000001": true, "00u1abcDEF": true, "x": true,
		strings.Repeat("a", MaxIDLen): true, strings.Repeat("a", MaxIDLen+1): false,
		"": false, "has space": false, "under_score": false, "a@b.c": false, "nul\x00": false, "ü": false,
		// opaque: any case, any length up to MaxIDLen, not only Harriet's own UUIDs
		"0193A7C2-5E4F-7D1A-9B2C-3D4E5F6A7B8C": true, "garbage": true, "garbage!": false, "100%": false,
		"{0193a7c2-5e4f-7d1a-9b2c-3d4e5f6a7b8c}": false,
	} {
		if got := PlausibleID(s); got != want {
			t.Errorf("PlausibleID(%q) = %v, want %v", s, got, want)
		}
	}
}

// What Harriet remembers of an ID a client named is bounded and printable.
func TestRecordedIDIsBounded(t *testing.T) {
	id := "0190aaaa-0000-7000-8000-000000000001"
	if RecordedID(id) != id {
		t.Errorf("a plausible ID is recorded as %q", RecordedID(id))
	}
	huge := strings.Repeat("ü", 7_000_000)
	if got := RecordedID(huge); got != strings.Repeat("ü", MaxIDLen)+"…" {
		t.Errorf("a huge ID is recorded as %d characters", utf8.RuneCountInString(got))
	}
	if got := RecordedID("a\x00b\nc"); got != "a\uFFFDb\uFFFDc" {
		t.Errorf("control characters recorded as %q", got)
	}
	if got := RecordedID("under_score"); got != "under_score" {
		t.Errorf("a short odd ID is recorded as %q", got)
	}
	var g Group
	g.NoteSkipped([]string{huge, id})
	if len(g.SkippedMemberIDs) != 2 || len(g.SkippedMemberIDs[0]) > 4*(MaxIDLen+1) || g.SkippedMemberIDs[1] != id {
		t.Errorf("the group remembers %d IDs, the first %d bytes long", len(g.SkippedMemberIDs), len(g.SkippedMemberIDs[0]))
	}
}

func TestDistinctIDsKeepsTheFirstOfEachInOrder(t *testing.T) {
	got := DistinctIDs([]string{"b", "a", "b", "", "c", "a", ""})
	if want := []string{"b", "a", "", "c"}; !slices.Equal(got, want) {
		t.Fatalf("DistinctIDs = %q, want %q", got, want)
	}
	if got := DistinctIDs(nil); len(got) != 0 {
		t.Fatalf("DistinctIDs(nil) = %q, want none", got)
	}
}
