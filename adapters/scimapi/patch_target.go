package scimapi

import (
	"strings"

	filter "github.com/scim2/filter-parser/v2"
)

// target is what a PATCH path names, resolved against the schema.
type target struct {
	ignore    bool    // an attribute Harriet owns or discards: the operation is a no-op
	container string  // "" for the core schema, else an extension URN
	whole     bool    // the extension as a whole
	ext       *schema // the extension, when whole
	a         *attr
	sel       matcher        // [filter] on the elements, nil when none
	seed      map[string]any // the filter's equalities, to create an element none matches
	sub       *attr
}

// resolveTarget resolves a path. strict (a path the client wrote as "path") makes
// an unknown attribute a 400 invalidPath; otherwise (a key of a path-less value)
// ok is false and the key is ignored.
func resolveTarget(p filter.Path, rs *resource, strict bool) (target, bool, error) {
	fail := func(e error) (target, bool, error) {
		if strict {
			return target{}, false, e
		}
		return target{}, false, nil
	}
	ap := p.AttributePath
	if ap.URIPrefix != nil && ap.SubAttribute == nil && p.ValueExpression == nil && p.SubAttribute == nil {
		if ext := rs.ext(ap.URI() + ":" + ap.AttributeName); ext != nil {
			return target{container: ext.ID, whole: true, ext: ext}, true, nil
		}
	}
	container, attrs, found := rs.attrsOf(ap.URI())
	if !found {
		return fail(invalidPath("The PATCH path %q names the schema %q, which %ss do not have.", p.String(), ap.URI(), rs.Name))
	}
	t := target{container: container, a: find(attrs, ap.AttributeName)}
	if t.a == nil {
		if container == "" && discardedUserAttrs[strings.ToLower(ap.AttributeName)] && rs == userResource {
			return target{ignore: true}, true, nil
		}
		return fail(invalidPath("The PATCH path %q names no attribute of a %s.", p.String(), rs.Name))
	}
	if t.a.ReadOnly || t.a.WriteOnly {
		return target{ignore: true}, true, nil
	}
	if err := t.narrow(p); err != nil {
		return fail(err)
	}
	return t, true, nil
}

// narrow resolves the sub-attribute and the [filter] of a path to an attribute.
func (t *target) narrow(p filter.Path) error {
	subName := p.AttributePath.SubAttribute
	if p.SubAttribute != nil {
		if subName != nil {
			return invalidPath("The PATCH path %q has two sub-attributes.", p.String())
		}
		subName = p.SubAttribute
	}
	if subName != nil {
		if t.sub = find(t.a.Sub, *subName); t.sub == nil {
			return invalidPath("The PATCH path %q names no sub-attribute of %s.", p.String(), t.a.Name)
		}
	}
	if p.ValueExpression == nil {
		return nil
	}
	if !t.a.Multi || t.a.Type != tComplex {
		return invalidPath("The PATCH path %q filters %s, which is not a list of objects.", p.String(), t.a.Name)
	}
	c := &compiler{refs: map[string]bool{}}
	sel, err := c.compile(p.ValueExpression, scope{attrs: t.a.Sub})
	if err != nil {
		return err
	}
	t.sel, t.seed = sel, seedOf(sel)
	return nil
}

// seedOf collects the equalities of a value filter's "and" chain (type eq "work"),
// so that an add or replace whose filter matches no element can create one, as
// Entra ID and others expect for emails[type eq "work"].value. nil when the filter
// is anything else.
func seedOf(m matcher) map[string]any {
	seed := map[string]any{}
	var walk func(matcher) bool
	walk = func(m matcher) bool {
		switch x := m.(type) {
		case andMatch:
			return walk(x.l) && walk(x.r)
		case cmpMatch:
			if x.op != filter.EQ || x.sub != nil || x.attr.Type == tComplex {
				return false
			}
			switch x.leaf.Type {
			case tBoolean:
				seed[x.attr.Name] = x.b
			case tDateTime:
				return false
			default:
				seed[x.attr.Name] = x.orig
			}
			return true
		}
		return false
	}
	if !walk(m) {
		return nil
	}
	return seed
}
