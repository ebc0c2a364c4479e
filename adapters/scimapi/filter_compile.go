package scimapi

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	filter "github.com/scim2/filter-parser/v2"
)

// A parsed filter is compiled once against a resource's schema: attribute names are
// resolved (case-insensitively), string literals unescaped, dates parsed and every
// operator checked against its attribute's type. Evaluation then cannot fail, and a
// filter that cannot be evaluated is a 400 invalidFilter before anything is read.

// scope is where attribute names of a filter resolve: the resource's top level, or
// the sub-attributes of one complex attribute inside [ ].
type scope struct {
	rs    *resource // top level
	attrs []*attr   // inside a value filter
}

// compiler turns parser output into matchers and remembers which top-level
// attributes the filter reads (so loaders know whether groups or members matter).
type compiler struct {
	refs  map[string]bool
	nodes int
}

// maxFilterNodes bounds the work one filter can ask for per record.
const maxFilterNodes = 256

func (c *compiler) compile(e filter.Expression, sc scope) (matcher, error) {
	if c.nodes++; c.nodes > maxFilterNodes {
		return nil, invalidFilter("The filter has more than %d conditions; split the query.", maxFilterNodes)
	}
	switch x := e.(type) {
	case *filter.LogicalExpression:
		l, err := c.compile(x.Left, sc)
		if err != nil {
			return nil, err
		}
		r, err := c.compile(x.Right, sc)
		if err != nil {
			return nil, err
		}
		if strings.EqualFold(string(x.Operator), "or") {
			return orMatch{l, r}, nil
		}
		return andMatch{l, r}, nil
	case *filter.NotExpression:
		m, err := c.compile(x.Expression, sc)
		return notMatch{m}, err
	case *filter.AttributeExpression:
		return c.compare(x, sc)
	case *filter.ValuePath:
		return c.valuePath(x, sc)
	}
	return nil, invalidFilter("The filter has a form Harriet does not evaluate.")
}

// resolve finds the attribute (and sub-attribute) an attribute path names.
func (c *compiler) resolve(p filter.AttributePath, sc scope) (container string, a, sub *attr, err error) {
	attrs := sc.attrs
	if sc.rs != nil {
		var ok bool
		if container, attrs, ok = sc.rs.attrsOf(p.URI()); !ok {
			return "", nil, nil, invalidFilter("The filter names the schema %q, which %ss do not have.", p.URI(), sc.rs.Name)
		}
	} else if p.URIPrefix != nil {
		return "", nil, nil, invalidFilter("Inside [ ], name sub-attributes without a schema URN.")
	}
	if a = find(attrs, p.AttributeName); a == nil || a.WriteOnly {
		return "", nil, nil, invalidFilter("The filter names %q, which is not an attribute Harriet can filter on.", p.String())
	}
	if p.SubAttribute != nil {
		if sub = find(a.Sub, *p.SubAttribute); sub == nil {
			return "", nil, nil, invalidFilter("The filter names %q, which is not an attribute Harriet can filter on.", p.String())
		}
	}
	if sc.rs != nil {
		c.refs[strings.ToLower(a.Name)] = true
	}
	return container, a, sub, nil
}

func (c *compiler) valuePath(x *filter.ValuePath, sc scope) (matcher, error) {
	container, a, sub, err := c.resolve(x.AttributePath, sc)
	if err != nil {
		return nil, err
	}
	if a.Type != tComplex || sub != nil || sc.rs == nil {
		return nil, invalidFilter("%s[...] needs a complex attribute, like emails[type eq \"work\"].", x.AttributePath.String())
	}
	inner, err := c.compile(x.ValueFilter, scope{attrs: a.Sub})
	if err != nil {
		return nil, err
	}
	return valuePathMatch{container: container, attr: a, inner: inner}, nil
}

func (c *compiler) compare(x *filter.AttributeExpression, sc scope) (matcher, error) {
	container, a, sub, err := c.resolve(x.AttributePath, sc)
	if err != nil {
		return nil, err
	}
	m := cmpMatch{container: container, attr: a, sub: sub, op: filter.CompareOperator(strings.ToLower(string(x.Operator)))}
	m.leaf = leafOf(a, sub)
	if m.op == filter.PR {
		return m, nil
	}
	if x.CompareValue == nil { // eq null / ne null: absence and presence
		switch m.op {
		case filter.EQ:
			return notMatch{cmpMatch{container: container, attr: a, sub: sub, leaf: m.leaf, op: filter.PR}}, nil
		case filter.NE:
			m.op = filter.PR
			return m, nil
		}
		return nil, invalidFilter("%s %s null is not a comparison; use eq null, ne null or pr.", x.AttributePath.String(), m.op)
	}
	if m.leaf == nil {
		return nil, invalidFilter("%s is a complex attribute: compare one of its sub-attributes, like %s.value.",
			x.AttributePath.String(), x.AttributePath.String())
	}
	return m, m.setValue(x.CompareValue, x.AttributePath.String())
}

// leafOf is the attribute whose values a comparison reads: the sub-attribute, or
// value for a multi-valued complex attribute (emails co "x" compares emails.value),
// or nil for a singular complex attribute, which only pr can test.
func leafOf(a, sub *attr) *attr {
	switch {
	case sub != nil:
		return sub
	case a.Type != tComplex:
		return a
	case a.Multi:
		return find(a.Sub, "value")
	}
	return nil
}

// setValue checks the compare value against the attribute's type and keeps it in
// the form evaluation compares with.
func (m *cmpMatch) setValue(v any, name string) error {
	switch m.leaf.Type {
	case tBoolean:
		b, ok := boolValue(v)
		if !ok || (m.op != filter.EQ && m.op != filter.NE) {
			return invalidFilter("%s is true or false: compare it with eq or ne and true or false.", name)
		}
		m.b = b
	case tDateTime:
		s, _ := v.(string)
		t, err := time.Parse(time.RFC3339Nano, unescape(s))
		if err != nil || m.op == filter.CO || m.op == filter.SW || m.op == filter.EW {
			return invalidFilter("%s is a date: compare it with eq, ne, gt, ge, lt or le and an RFC 3339 time, like \"2024-01-31T12:00:00Z\".", name)
		}
		m.t = t
	default:
		switch x := v.(type) {
		case string:
			m.s = unescape(x)
			if strings.ContainsRune(m.s, utf8.RuneError) {
				// A lone surrogate escape: a PATCH filter that matches nothing
				// creates an entry with this value, so it must be real text.
				return invalidFilter("The value compared with %s holds U+FFFD, which stands for text that was not valid UTF-8 (a lone \\uD800-style escape); send real text.", name)
			}
		case int, float64, json.Number:
			m.s = fmt.Sprint(x)
		default:
			return invalidFilter("%s is a string: compare it with a quoted value.", name)
		}
		m.orig = m.s
		if !m.leaf.CaseExact {
			m.s = strings.ToLower(m.s)
		}
	}
	return nil
}

func boolValue(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch strings.ToLower(x) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	return false, false
}

// unescape reads a filter string literal's JSON escapes (the parser keeps them).
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var out string
	if err := json.Unmarshal([]byte(`"`+s+`"`), &out); err != nil {
		return s
	}
	return out
}
