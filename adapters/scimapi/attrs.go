package scimapi

import (
	"net/url"
	"strings"

	filter "github.com/scim2/filter-parser/v2"
)

// projection is a request's attributes or excludedAttributes (RFC 7644 §3.9): the
// attribute references, resolved against the resource's schema. Names that are no
// attribute are ignored, as a client asking for an attribute Harriet does not keep
// simply gets none.
type projection struct {
	include, exclude []attrRef
}

// attrRef names an attribute, a sub-attribute, or a whole extension.
type attrRef struct {
	container string // "" for the core schema, else an extension URN
	whole     bool   // the extension itself
	a, sub    *attr
}

func parseProjection(q url.Values, rs *resource) projection {
	var p projection
	if s, ok := param(q, "attributes"); ok {
		p.include = parseAttrList(s, rs)
	}
	if s, ok := param(q, "excludedAttributes"); ok {
		p.exclude = parseAttrList(s, rs)
	}
	return p
}

func parseAttrList(s string, rs *resource) []attrRef {
	var out []attrRef
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" || len(item) > 256 {
			continue
		}
		if ext := rs.ext(item); ext != nil {
			out = append(out, attrRef{container: ext.ID, whole: true})
			continue
		}
		if ref, ok := resolveAttrRef(item, rs); ok {
			out = append(out, ref)
		}
	}
	return out
}

func resolveAttrRef(item string, rs *resource) (ref attrRef, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	p, err := filter.ParseAttrPath([]byte(item))
	if err != nil {
		return attrRef{}, false
	}
	container, attrs, found := rs.attrsOf(p.URI())
	if !found {
		return attrRef{}, false
	}
	ref = attrRef{container: container, a: find(attrs, p.AttributeName)}
	if ref.a == nil {
		return attrRef{}, false
	}
	if p.SubAttribute != nil {
		if ref.sub = find(ref.a.Sub, *p.SubAttribute); ref.sub == nil {
			return attrRef{}, false
		}
	}
	return ref, true
}

// wants reports whether a top-level core attribute will be in the answer, so that
// costly attributes (a group's members, a user's groups) are loaded only then.
func (p projection) wants(name string) bool {
	if len(p.include) > 0 {
		for _, r := range p.include {
			if r.container == "" && r.a.Name == name {
				return true
			}
		}
		return false
	}
	for _, r := range p.exclude {
		if r.container == "" && r.a.Name == name && r.sub == nil {
			return false
		}
	}
	return true
}

// apply cuts a document down to what the request asked for. id and schemas are
// always returned.
func (p projection) apply(doc map[string]any) map[string]any {
	if len(p.include) > 0 {
		out := map[string]any{"schemas": doc["schemas"], "id": doc["id"]}
		for _, r := range p.include {
			copyRef(out, doc, r)
		}
		return out
	}
	for _, r := range p.exclude {
		deleteRef(doc, r)
	}
	return doc
}

func copyRef(out, doc map[string]any, r attrRef) {
	if r.whole {
		if v, ok := doc[r.container]; ok {
			out[r.container] = v
		}
		return
	}
	src, dst := in(doc, r.container), out
	if r.container != "" {
		if src == nil {
			return
		}
		if dst, _ = out[r.container].(map[string]any); dst == nil {
			dst = map[string]any{}
			out[r.container] = dst
		}
	}
	v, ok := src[r.a.Name]
	if !ok {
		return
	}
	if r.sub == nil {
		dst[r.a.Name] = v
		return
	}
	copySub(dst, r.a.Name, r.sub.Name, v)
}

// copySub copies one sub-attribute of a complex value, or of each element of a
// multi-valued one, next to what earlier references copied.
func copySub(dst map[string]any, name, sub string, v any) {
	switch x := v.(type) {
	case map[string]any:
		dm, _ := dst[name].(map[string]any)
		if dm == nil {
			dm = map[string]any{}
		}
		if sv, ok := x[sub]; ok {
			dm[sub] = sv
		}
		dst[name] = dm
	case []any:
		dl, _ := dst[name].([]any)
		if len(dl) != len(x) {
			dl = make([]any, len(x))
			for i := range dl {
				dl[i] = map[string]any{}
			}
		}
		for i, e := range x {
			em, _ := e.(map[string]any)
			if sv, ok := em[sub]; ok {
				dl[i].(map[string]any)[sub] = sv
			}
		}
		dst[name] = dl
	}
}

func deleteRef(doc map[string]any, r attrRef) {
	if r.whole {
		delete(doc, r.container)
		return
	}
	if r.container == "" && r.a.Name == "id" {
		return // returned always
	}
	m := in(doc, r.container)
	if m == nil {
		return
	}
	if r.sub == nil {
		delete(m, r.a.Name)
		return
	}
	switch x := m[r.a.Name].(type) {
	case map[string]any:
		delete(x, r.sub.Name)
	case []any:
		for _, e := range x {
			if em, ok := e.(map[string]any); ok {
				delete(em, r.sub.Name)
			}
		}
	}
}
