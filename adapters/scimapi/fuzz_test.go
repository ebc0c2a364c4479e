package scimapi

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"harriet/core"
	"harriet/core/usecase"
	"harriet/tests/fixture"
)

// sampleRecord is a user with every kind of attribute, for the fuzzers to work on.
func sampleRecord() usecase.UserRecord {
	at := time.Date(2024, 5, 6, 7, 8, 9, 123e6, time.UTC)
	return usecase.UserRecord{User: core.User{
		ID: "0190aaaa-0000-7000-8000-000000000001", CompanyID: "c", UserName: "Fuzz.User@acme.test", ExternalID: "00uFUZZ",
		Name:        core.Name{GivenName: "Fuzz", FamilyName: "User", MiddleName: "M"},
		DisplayName: "Fuzz User", Title: "Engineer", Locale: "en-US", Active: true,
		Emails:       []core.Email{{Value: "fuzz.user@acme.test", Type: "work", Primary: true}, {Value: "fuzz@home.test", Type: "home"}},
		PhoneNumbers: []core.MultiValue{{Value: "555", Type: "work"}},
		Addresses:    []core.Address{{Locality: "Berlin", Type: "work", Primary: true}},
		Enterprise:   &core.EnterpriseUser{Department: "R&D", Manager: &core.Manager{Value: "m1"}},
		Version:      3, CreatedAt: at, UpdatedAt: at.Add(time.Hour),
	}, Groups: []core.Group{{ID: "g1", DisplayName: "Harriet Admin Group"}}}
}

// wantInvalid fails unless err is a client error: bad input is never a 500.
func wantInvalid(t *testing.T, what string, err error) {
	t.Helper()
	if k := core.KindOf(err); k != core.Invalid {
		t.Fatalf("%s: error of kind %q, want invalid: %v", what, k, err)
	}
}

func FuzzFilter(f *testing.F) {
	for _, s := range []string{
		`userName eq "crud.1234567890@acme.test"`, `userName eq "Runscope1Specuser@acme.test"`,
		`displayName eq "Push Basic 1234567890"`, `externalId eq "00u1"`, `id eq "x"`,
		`emails[type eq "work" and value co "@acme.test"]`, `emails.value eq "a@b.c"`,
		`userName sw "a" or (title pr and not (active eq false))`, `meta.created gt "2024-01-01T00:00:00Z"`,
		`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "R&D"`,
		`name.familyName co "\"quoted\""`, `userName zz "x"`, `userName eq "x`, `((((userName eq "x"))))`,
		`groups[value eq "g1"]`, `emails[not (primary eq true)]`, `title eq null`, `active eq "True"`,
	} {
		f.Add(s)
	}
	for _, s := range fixtureFilters(f) {
		f.Add(s)
	}
	user := (&API{}).userDoc(sampleRecord(), true)
	group := (&API{}).groupDoc(usecase.GroupResult{Group: core.Group{ID: "g1", DisplayName: "Harriet Admin Group"}})
	f.Fuzz(func(t *testing.T, text string) {
		for _, c := range []struct {
			rs    *resource
			index indexFunc
			doc   map[string]any
		}{{userResource, userIndex, user}, {groupResource, groupIndex, group}} {
			q, err := compileQuery(text, c.rs, c.index)
			if err != nil {
				wantInvalid(t, "filter "+text, err)
				continue
			}
			first := q.m.match(c.doc)
			if q.m.match(c.doc) != first {
				t.Fatalf("filter %q is not deterministic", text)
			}
			q.m.match(map[string]any{})
			q.m.match(map[string]any{"emails": "not a list", "name": []any{1}, "meta": map[string]any{"created": 5}})
		}
	})
}

func FuzzPatch(f *testing.F) {
	for _, s := range []string{
		`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}`,
		`{"Operations":[{"op":"Replace","path":"active","value":true}]}`,
		`{"Operations":[{"op":"replace","path":"active","value":"False"}]}`,
		`{"Operations":[{"op":"replace","value":{"active":"True"}}]}`,
		`{"Operations":[{"op":"replace","value":{"password":"Synced-1-Secret"}}]}`,
		`{"Operations":[{"op":"add","path":"members","value":[{"value":"u1","display":"a@acme.test"}]}]}`,
		`{"Operations":[{"op":"remove","path":"members[value eq \"u1\"]"}]}`,
		`{"Operations":[{"op":"replace","value":{"id":"g1","displayName":"Push Basic 1"}}]}`,
		`{"Operations":[{"op":"replace","path":"emails[type eq \"work\"].value","value":"x@acme.test"}]}`,
		`{"Operations":[{"op":"add","value":{"name.givenName":"X","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"D"}}]}`,
		`{"Operations":[{"op":"remove","path":"phoneNumbers[type eq \"work\"]"},{"op":"add","path":"emails","value":{"value":"n@acme.test","primary":true}}]}`,
		`{"Operations":[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{"manager":"m2"}}]}`,
		`{"Operations":[{"op":"remove","path":"name.givenName"},{"op":"replace","path":"name","value":{"familyName":"Q"}}]}`,
		`{"Operations":[{"op":"add","path":"addresses[type eq \"home\"].locality","value":"Paris"}]}`,
	} {
		f.Add([]byte(s))
	}
	for _, b := range fixturePatchBodies(f) {
		f.Add(b)
	}
	a := &API{}
	f.Fuzz(func(t *testing.T, raw []byte) {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var body map[string]any
		if dec.Decode(&body) != nil || body == nil {
			return
		}
		ops, err := parsePatch(body)
		if err != nil {
			wantInvalid(t, "parse", err)
			return
		}
		cur := sampleRecord().User
		in1, err1 := a.patchedUser(cur, ops)
		in2, err2 := a.patchedUser(cur, ops)
		if (err1 == nil) != (err2 == nil) || !reflect.DeepEqual(in1, in2) {
			t.Fatalf("applying the same PATCH twice differs: %v / %v", err1, err2)
		}
		if err1 != nil {
			wantInvalid(t, "apply", err1)
			return
		}
		if !reflect.DeepEqual(cur, sampleRecord().User) {
			t.Fatal("the PATCH changed the user it was given")
		}
		doc := a.userDoc(sampleRecord(), false)
		if err := applyPatch(doc, ops, groupResource); err != nil {
			wantInvalid(t, "apply to a group", err)
		}
		if _, err := json.Marshal(doc); err != nil {
			t.Fatalf("the patched document does not encode: %v", err)
		}
	})
}

// fixtureFilters extracts the filters of the handed fixtures' requests, when the
// fixtures are there, to seed the filter fuzzer with what Okta sends.
func fixtureFilters(f *testing.F) []string {
	var out []string
	for _, raw := range fixtureSteps(f) {
		var s struct {
			Request struct{ Path string } `json:"request"`
		}
		if json.Unmarshal(raw, &s) != nil {
			continue
		}
		if _, query, ok := strings.Cut(s.Request.Path, "?"); ok {
			if v, err := url.ParseQuery(query); err == nil && v.Get("filter") != "" {
				out = append(out, strings.ReplaceAll(v.Get("filter"), "{{run}}", "1234567890"))
			}
		}
	}
	return out
}

// fixturePatchBodies extracts the handed fixtures' PATCH bodies.
func fixturePatchBodies(f *testing.F) [][]byte {
	var out [][]byte
	for _, raw := range fixtureSteps(f) {
		var s struct {
			Request struct {
				Method string          `json:"method"`
				Body   json.RawMessage `json:"body"`
			} `json:"request"`
		}
		if json.Unmarshal(raw, &s) == nil && s.Request.Method == "PATCH" {
			out = append(out, bytes.ReplaceAll(s.Request.Body, []byte("{{"), []byte("x{")))
		}
	}
	return out
}

func fixtureSteps(f *testing.F) []json.RawMessage {
	dir, err := fixture.FindDir()
	if err != nil {
		f.Logf("fuzz seeds without the Okta fixtures: %v", err)
		return nil
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	var steps []json.RawMessage
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		var fx struct {
			Steps []json.RawMessage `json:"steps"`
		}
		if json.Unmarshal(raw, &fx) == nil {
			steps = append(steps, fx.Steps...)
		}
	}
	return steps
}
