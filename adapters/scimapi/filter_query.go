package scimapi

import (
	filter "github.com/scim2/filter-parser/v2"

	"harriet/core/usecase"
)

// query is a compiled list filter: the matcher, the index lookup that can narrow the
// candidates (nil when none applies), and the top-level attributes it reads.
type query struct {
	m      matcher
	lookup *usecase.Lookup
	refs   map[string]bool
}

// indexFunc says which store index answers `attr eq "value"` for a resource type.
type indexFunc func(container string, a, sub *attr) (usecase.LookupKey, bool)

// compileQuery guards, parses and compiles a list filter for a resource type.
func compileQuery(text string, rs *resource, index indexFunc) (*query, error) {
	expr, err := parseFilterText(text)
	if err != nil {
		return nil, err
	}
	c := &compiler{refs: map[string]bool{}}
	m, err := c.compile(expr, scope{rs: rs})
	if err != nil {
		return nil, err
	}
	return &query{m: m, lookup: findLookup(m, index), refs: c.refs}, nil
}

// findLookup finds an indexed equality that every match must satisfy: the filter
// itself or a term of its top-level "and" chain. Candidates from the index are then
// matched against the whole filter, so the index only narrows, never decides.
func findLookup(m matcher, index indexFunc) *usecase.Lookup {
	switch x := m.(type) {
	case andMatch:
		if l := findLookup(x.l, index); l != nil {
			return l
		}
		return findLookup(x.r, index)
	case cmpMatch:
		if x.op != filter.EQ || x.leaf == nil || x.leaf.Type != tString {
			return nil
		}
		if key, ok := index(x.container, x.attr, x.sub); ok {
			return &usecase.Lookup{Key: key, Value: x.s}
		}
	case valuePathMatch:
		inner, ok := x.inner.(cmpMatch)
		if !ok || inner.op != filter.EQ || inner.leaf == nil || inner.leaf.Type != tString {
			return nil
		}
		if key, ok := index(x.container, x.attr, inner.attr); ok {
			return &usecase.Lookup{Key: key, Value: inner.s}
		}
	}
	return nil
}

// userIndex: userName and emails.value case-insensitively (the email index holds
// each user's primary email), id and externalId exactly.
func userIndex(container string, a, sub *attr) (usecase.LookupKey, bool) {
	if container != "" {
		return "", false
	}
	switch {
	case a.Name == "userName" && sub == nil:
		return usecase.ByUserName, true
	case a.Name == "externalId" && sub == nil:
		return usecase.ByExternalID, true
	case a.Name == "id" && sub == nil:
		return usecase.ByID, true
	case a.Name == "emails" && sub != nil && sub.Name == "value":
		return usecase.ByEmail, true
	}
	return "", false
}

// groupIndex: displayName, id and externalId, all exactly.
func groupIndex(container string, a, sub *attr) (usecase.LookupKey, bool) {
	if container != "" || sub != nil {
		return "", false
	}
	switch a.Name {
	case "displayName":
		return usecase.ByDisplayName, true
	case "externalId":
		return usecase.ByExternalID, true
	case "id":
		return usecase.ByID, true
	}
	return "", false
}
