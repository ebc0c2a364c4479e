package core

import (
	"fmt"
	"slices"
	"testing"
)

func ids(from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprintf("id-%02d", i))
	}
	return out
}

// A group remembers the last 20 unknown member IDs pushes named, oldest first.
func TestNoteSkippedKeepsTheLastTwenty(t *testing.T) {
	var g Group
	g.NoteSkipped(nil)
	if len(g.SkippedMemberIDs) != 0 {
		t.Fatalf("nothing skipped: %v", g.SkippedMemberIDs)
	}
	g.NoteSkipped(ids(0, 15))
	if !slices.Equal(g.SkippedMemberIDs, ids(0, 15)) {
		t.Fatalf("after 15: %v", g.SkippedMemberIDs)
	}
	g.NoteSkipped(ids(15, 20))
	if !slices.Equal(g.SkippedMemberIDs, ids(0, 20)) {
		t.Fatalf("after exactly 20: %v", g.SkippedMemberIDs)
	}
	g.NoteSkipped(ids(20, 25))
	if !slices.Equal(g.SkippedMemberIDs, ids(5, 25)) {
		t.Fatalf("after 25: %v, want id-05..id-24", g.SkippedMemberIDs)
	}
	batch := ids(100, 130)
	g.NoteSkipped(batch)
	if !slices.Equal(g.SkippedMemberIDs, ids(110, 130)) {
		t.Fatalf("after a batch of 30: %v, want its last 20", g.SkippedMemberIDs)
	}
	batch[29] = "changed by the caller"
	if g.SkippedMemberIDs[19] != "id-129" {
		t.Fatal("the group shares its list with the caller's slice")
	}
	if MaxSkippedMemberIDs != 20 {
		t.Fatalf("MaxSkippedMemberIDs = %d, SPEC.md says 20", MaxSkippedMemberIDs)
	}
}
