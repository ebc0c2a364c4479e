package scimapi

import (
	"sort"
	"strings"
)

// SCIM attribute names are case-insensitive (RFC 7643 §2.1). Client input is first
// rewritten to the schema's spelling, so the rest of the adapter reads canonical
// names only. Keys that are no attribute of the schema are dropped: a client's extra
// fields are ignored, not stored.

// canonDoc canonicalises a resource body: core attributes by name, extensions under
// their URN.
func canonDoc(m map[string]any, rs *resource) map[string]any {
	out := canonObject(m, rs.Core.Attrs)
	for _, k := range sortedKeys(m) {
		if s := rs.ext(k); s != nil {
			if sub, ok := m[k].(map[string]any); ok {
				out[s.ID] = canonObject(sub, s.Attrs)
			} else {
				out[s.ID] = m[k] // decoding reports the wrong type
			}
		}
	}
	return out
}

// canonObject renames the keys of m that name attributes and drops the rest. Keys
// are visited in sorted order so that, when a client sends one attribute in two
// spellings, the outcome does not depend on map order.
func canonObject(m map[string]any, attrs []*attr) map[string]any {
	out := make(map[string]any, len(m))
	for _, k := range sortedKeys(m) {
		if a := find(attrs, k); a != nil {
			out[a.Name] = canonValue(m[k], a)
		}
	}
	return out
}

// canonValue canonicalises one attribute's value: complex values recursively,
// a single value where a list belongs wrapped into a list, and booleans sent as
// strings ("True", "false", as some clients do) read as booleans.
func canonValue(v any, a *attr) any {
	if a.Multi {
		list, ok := v.([]any)
		if !ok {
			if v == nil {
				return nil
			}
			list = []any{v}
		}
		out := make([]any, len(list))
		for i, e := range list {
			out[i] = canonSingle(e, a)
		}
		return out
	}
	return canonSingle(v, a)
}

func canonSingle(v any, a *attr) any {
	switch a.Type {
	case tComplex:
		if m, ok := v.(map[string]any); ok {
			return canonObject(m, a.Sub)
		}
	case tBoolean:
		if s, ok := v.(string); ok {
			switch strings.ToLower(strings.TrimSpace(s)) {
			case "true":
				return true
			case "false":
				return false
			}
		}
	}
	return v
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
