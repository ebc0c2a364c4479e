package scimapi

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"harriet/core"
)

// SCIM attribute names are case-insensitive (RFC 7643 §2.1). Client input is first
// rewritten to the schema's spelling, so the rest of the adapter reads canonical
// names only. Keys that are no attribute of the schema are dropped: a client's extra
// fields are ignored, not stored.
//
// Canonicalising is also where every value a client sends is checked against the
// attribute table, once, whatever the request: a POST or PUT body, a PATCH value
// with or without a path. A value of the wrong JSON type is refused, naming the
// attribute and what it takes; null is no value. Attributes Harriet owns (id, meta,
// groups) and discards (password) are ignored on input, so they are not checked.
// Strings are checked too (checkText): no control characters, and no longer than
// the attribute's limit.

// canonDoc canonicalises a resource body: core attributes by name, extensions under
// their URN.
func canonDoc(m map[string]any, rs *resource) (map[string]any, error) {
	out, err := canonObject(m, rs.Core.Attrs, "")
	if err != nil {
		return nil, err
	}
	for _, k := range sortedKeys(m) {
		s := rs.ext(k)
		if s == nil || m[k] == nil {
			continue
		}
		sub, ok := m[k].(map[string]any)
		if !ok {
			return nil, invalidValueOf(s.ID, "%s must be an object.", s.ID)
		}
		if out[s.ID], err = canonObject(sub, s.Attrs, ""); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// canonObject renames the keys of m that name attributes, checks their values and
// drops the rest. Keys are visited in sorted order so that, when a client sends one
// attribute in two spellings, the outcome does not depend on map order. prefix is
// the path of m's attribute in messages ("name." for name's sub-attributes).
func canonObject(m map[string]any, attrs []*attr, prefix string) (map[string]any, error) {
	out := make(map[string]any, len(m))
	for _, k := range sortedKeys(m) {
		if a := find(attrs, k); a != nil {
			v, err := canonValue(m[k], a, prefix+a.Name)
			if err != nil {
				return nil, err
			}
			out[a.Name] = v
		}
	}
	return out, nil
}

// canonValue canonicalises and checks one attribute's value: complex values
// recursively, a single object where a list of objects belongs wrapped into a list,
// and booleans sent as strings ("True", "false", as some clients do) read as
// booleans. field names the attribute in messages.
func canonValue(v any, a *attr, field string) (any, error) {
	if v == nil || a.ReadOnly || a.WriteOnly {
		return v, nil
	}
	if !a.Multi {
		return canonSingle(v, a, field)
	}
	list, ok := v.([]any)
	if !ok {
		if _, isObject := v.(map[string]any); !isObject && a.Type == tComplex {
			return nil, wrongType(a, field)
		}
		list = []any{v}
	}
	out := make([]any, len(list))
	for i, e := range list {
		if e == nil {
			continue
		}
		c, err := canonSingle(e, a, field)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// canonSingle canonicalises and checks one value of an attribute (one entry of a
// multi-valued one).
func canonSingle(v any, a *attr, field string) (any, error) {
	if v == nil || a.ReadOnly || a.WriteOnly {
		return v, nil
	}
	switch a.Type {
	case tComplex:
		if s, ok := v.(string); ok && a.IDAsValue {
			v = map[string]any{"value": s}
		}
		if m, ok := v.(map[string]any); ok {
			return canonObject(m, a.Sub, field+".")
		}
	case tBoolean:
		switch x := v.(type) {
		case bool:
			return x, nil
		case string:
			switch strings.ToLower(strings.TrimSpace(x)) {
			case "true":
				return true, nil
			case "false":
				return false, nil
			}
		}
	default: // strings, references and dateTimes are JSON strings
		switch x := v.(type) {
		case string:
			return x, checkText(x, a, field)
		case json.Number:
			if a.NumberAsText {
				return x.String(), checkText(x.String(), a, field)
			}
		}
	}
	return nil, wrongType(a, field)
}

// checkText refuses a string with a control character (a NUL byte, an escape;
// tabs and line breaks only where the attribute is multiline), with U+FFFD (what
// the JSON decoder makes of a lone surrogate escape), or longer than the
// attribute's limit: Harriet stores text, and a bounded amount of it.
func checkText(s string, a *attr, field string) error {
	if a.Opaque {
		return nil
	}
	if n := a.maxLen(); len(s) > n && utf8.RuneCountInString(s) > n {
		return invalidValueOf(field, "%s is longer than %d characters, the most Harriet keeps; shorten it.", field, n)
	}
	for _, r := range s {
		if unicode.IsControl(r) && !(a.Multiline && (r == '\t' || r == '\n' || r == '\r')) {
			return invalidValueOf(field, "%s contains the control character %U, which Harriet does not store; send plain text.", field, r)
		}
		if r == utf8.RuneError {
			return invalidValueOf(field, "%s contains U+FFFD, the replacement character: it stands for text that was not valid UTF-8 (a lone \\uD800-style escape or a broken encoding); send the text as valid UTF-8.", field)
		}
	}
	return nil
}

// wrongType is the answer for a value of the wrong JSON type: it names the
// attribute and what it takes.
func wrongType(a *attr, field string) error {
	shape := a.Shape
	switch {
	case shape != "":
	case a.Multi && a.Type == tComplex:
		shape = `a list of objects, like [{"value": "..."}]`
	case a.Type == tComplex:
		shape = "an object"
	case a.Type == tBoolean:
		shape = "true or false"
	default:
		shape = "a string"
	}
	return invalidValueOf(field, "%s must be %s.", field, shape)
}

// invalidValueOf is a 400 invalidValue about the attribute field.
func invalidValueOf(field, format string, args ...any) error {
	return &core.Error{Kind: core.Invalid, Field: field, SCIMType: "invalidValue", Message: fmt.Sprintf(format, args...)}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
