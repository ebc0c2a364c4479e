package scimapi

import (
	"strings"
	"time"

	filter "github.com/scim2/filter-parser/v2"
)

// matcher is a compiled filter: it says whether a canonical document (a resource, or
// one element of a multi-valued attribute inside [ ]) matches.
type matcher interface {
	match(doc map[string]any) bool
}

type andMatch struct{ l, r matcher }
type orMatch struct{ l, r matcher }
type notMatch struct{ m matcher }

func (m andMatch) match(d map[string]any) bool { return m.l.match(d) && m.r.match(d) }
func (m orMatch) match(d map[string]any) bool  { return m.l.match(d) || m.r.match(d) }
func (m notMatch) match(d map[string]any) bool { return !m.m.match(d) }

// valuePathMatch is attr[filter]: some element of the attribute matches the filter.
type valuePathMatch struct {
	container string
	attr      *attr
	inner     matcher
}

func (m valuePathMatch) match(d map[string]any) bool {
	switch v := in(d, m.container)[m.attr.Name].(type) {
	case []any:
		for _, e := range v {
			if em, ok := e.(map[string]any); ok && m.inner.match(em) {
				return true
			}
		}
	case map[string]any:
		return m.inner.match(v)
	}
	return false
}

// cmpMatch is one attribute comparison. Over a multi-valued attribute it holds when
// any value satisfies it; ne holds when no value is equal; an absent attribute
// satisfies only ne.
type cmpMatch struct {
	container string
	attr, sub *attr
	leaf      *attr
	op        filter.CompareOperator
	s         string // the value compared with, lower-cased unless caseExact
	orig      string // the value as the client wrote it
	b         bool
	t         time.Time
}

// in returns the map a container names: the document itself, or an extension's part.
func in(d map[string]any, container string) map[string]any {
	if container == "" {
		return d
	}
	m, _ := d[container].(map[string]any)
	return m
}

func (m cmpMatch) match(d map[string]any) bool {
	values := m.values(in(d, m.container))
	switch m.op {
	case filter.PR:
		for _, v := range values {
			if present(v) {
				return true
			}
		}
		return false
	case filter.NE:
		for _, v := range values {
			if m.test(filter.EQ, v) {
				return false
			}
		}
		return true
	}
	for _, v := range values {
		if m.test(m.op, v) {
			return true
		}
	}
	return false
}

// values lists the values the comparison reads from a document.
func (m cmpMatch) values(d map[string]any) []any {
	v, ok := d[m.attr.Name]
	if !ok || v == nil {
		return nil
	}
	name := ""
	if m.attr.Type == tComplex && m.leaf != nil {
		name = m.leaf.Name
	}
	pick := func(e any) any {
		if name == "" {
			return e
		}
		em, _ := e.(map[string]any)
		return em[name]
	}
	if list, ok := v.([]any); ok {
		out := make([]any, 0, len(list))
		for _, e := range list {
			out = append(out, pick(e))
		}
		return out
	}
	return []any{pick(v)}
}

func present(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	case map[string]any:
		return len(x) > 0
	}
	return true
}

// test compares one value.
func (m cmpMatch) test(op filter.CompareOperator, v any) bool {
	switch m.leaf.Type {
	case tBoolean:
		b, ok := v.(bool)
		return ok && op == filter.EQ && b == m.b
	case tDateTime:
		s, _ := v.(string)
		t, err := time.Parse(time.RFC3339Nano, s)
		return err == nil && ordered(op, t.Compare(m.t))
	}
	s, ok := v.(string)
	if !ok {
		return false
	}
	if !m.leaf.CaseExact {
		s = strings.ToLower(s)
	}
	switch op {
	case filter.CO:
		return strings.Contains(s, m.s)
	case filter.SW:
		return strings.HasPrefix(s, m.s)
	case filter.EW:
		return strings.HasSuffix(s, m.s)
	}
	return ordered(op, strings.Compare(s, m.s))
}

// ordered applies eq, gt, ge, lt or le to a comparison result.
func ordered(op filter.CompareOperator, c int) bool {
	switch op {
	case filter.EQ:
		return c == 0
	case filter.GT:
		return c > 0
	case filter.GE:
		return c >= 0
	case filter.LT:
		return c < 0
	case filter.LE:
		return c <= 0
	}
	return false
}
