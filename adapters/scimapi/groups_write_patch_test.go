package scimapi

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"harriet/core/usecase"
	"harriet/tests/fixture"
)

var fixtureVar = regexp.MustCompile(`\{\{([A-Za-z0-9_]+)\}\}`)

// Every group write in the handed Okta fixtures decodes into the operations it
// means; the fixtures' requests themselves are replayed by the e2e runner.
func TestGroupFixtureShapesDecode(t *testing.T) {
	fixtures, err := fixture.LoadDir(fixture.Dir(t))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[usecase.GroupOpKind]int{}
	for _, f := range fixtures {
		for i, raw := range f.Steps {
			text := fixtureVar.ReplaceAll(raw, []byte("id-$1"))
			s, err := fixture.ParseStep(text)
			if err != nil {
				t.Fatalf("%s step %d: %v", f.Name, i+1, err)
			}
			if s.Base == fixture.BaseAPI || s.Request.Method != "PATCH" || !strings.HasPrefix(s.Request.Path, "/Groups/") {
				continue
			}
			ops := decodeFixturePatch(t, f.Name+": "+s.Name, s.Request.Body)
			for _, op := range ops {
				seen[op.Kind]++
			}
		}
	}
	for _, k := range []usecase.GroupOpKind{usecase.GroupOpRename, usecase.GroupOpAddMembers,
		usecase.GroupOpRemoveMembers, usecase.GroupOpReplaceMembers} {
		if seen[k] == 0 {
			t.Errorf("no fixture PATCH decoded to %s", k)
		}
	}
}

func decodeFixturePatch(t *testing.T, name string, body []byte) []usecase.GroupOp {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	ops, err := parsePatch(m)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	gops, err := groupOps(ops)
	if err != nil || len(gops) == 0 {
		t.Fatalf("%s: decoded to %v, %v", name, gops, err)
	}
	for _, op := range gops {
		for _, id := range op.Members {
			if !strings.HasPrefix(id, "id-") && !strings.HasPrefix(id, "7d4c0f1e-") {
				t.Fatalf("%s: member %q is not an ID the fixture named", name, id)
			}
		}
		if op.Kind == usecase.GroupOpRename && op.Value == "" {
			t.Fatalf("%s: rename to an empty name", name)
		}
	}
	return gops
}

// The group PATCH decoder never panics, whatever the body.
func FuzzGroupOps(f *testing.F) {
	for _, seed := range []string{
		`{"Operations":[{"op":"replace","value":{"id":"x","displayName":"G"}}]}`,
		`{"Operations":[{"op":"remove","path":"members[value eq \"a\" or value eq \"b\"]"}]}`,
		`{"Operations":[{"op":"Add","path":"members","value":[{"value":"a","display":"d"}]}]}`,
		`{"Operations":[{"op":"replace","path":"members","value":[]}]}`,
		`{"Operations":[{"op":"remove","path":"members","value":[{"value":"a"}]}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var m map[string]any
		if json.Unmarshal(body, &m) != nil {
			return
		}
		ops, err := parsePatch(m)
		if err != nil {
			return
		}
		_, _ = groupOps(ops)
	})
}
