package scimapi

import (
	"fmt"
	"strings"
	"unicode/utf8"

	filter "github.com/scim2/filter-parser/v2"

	"harriet/core"
)

// Limits checked before any text reaches the parser, so a hostile filter or path
// costs nothing: the parser is recursive and must never see unbounded nesting.
const (
	maxFilterLen   = 4096
	maxPathLen     = 1024
	maxFilterDepth = 16
)

func invalidFilter(format string, args ...any) error {
	return &core.Error{Kind: core.Invalid, SCIMType: "invalidFilter", Message: fmt.Sprintf(format, args...)}
}

func invalidPath(format string, args ...any) error {
	return &core.Error{Kind: core.Invalid, SCIMType: "invalidPath", Message: fmt.Sprintf(format, args...)}
}

// guardText checks a filter or path before parsing: its length, that it is UTF-8,
// and how deeply its brackets and parentheses nest (outside string literals).
func guardText(s string, maxLen int, what string) error {
	if len(s) > maxLen {
		return fmt.Errorf("the %s is %d bytes long; the most Harriet accepts is %d", what, len(s), maxLen)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("the %s is not valid UTF-8", what)
	}
	if strings.ContainsRune(s, utf8.RuneError) {
		return fmt.Errorf("the %s holds U+FFFD, which stands for text that was not valid UTF-8 (a lone \\uD800-style escape); send real text", what)
	}
	depth, deepest, inString, escaped := 0, 0, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case inString && c == '"':
			inString = false
		case inString:
		case c == '"':
			inString = true
		case c == '(' || c == '[':
			depth++
			deepest = max(deepest, depth)
		case c == ')' || c == ']':
			depth--
		}
	}
	if deepest > maxFilterDepth {
		return fmt.Errorf("the %s nests brackets %d deep; the most Harriet accepts is %d", what, deepest, maxFilterDepth)
	}
	return nil
}

// parseFilterText guards and parses a filter. The parser is third-party code fed
// with client input, so a panic in it is caught and reported as a bad filter.
func parseFilterText(s string) (expr filter.Expression, err error) {
	if strings.TrimSpace(s) == "" {
		return nil, invalidFilter("The filter is empty; give one like userName eq \"name@example.com\", or leave filter out.")
	}
	if gerr := guardText(s, maxFilterLen, "filter"); gerr != nil {
		return nil, invalidFilter("The filter is refused: %v.", gerr)
	}
	defer func() {
		if recover() != nil {
			expr, err = nil, badFilter(s)
		}
	}()
	expr, err = filter.ParseFilter([]byte(strings.TrimSpace(s)))
	if err != nil || expr == nil {
		return nil, badFilter(s)
	}
	return expr, nil
}

func badFilter(s string) error {
	return invalidFilter("The filter %q is not valid SCIM filter syntax (RFC 7644 §3.4.2.2); "+
		"a valid one looks like userName eq \"name@example.com\".", clip(s, 120))
}

// parsePathText guards and parses a PATCH path, catching parser panics.
func parsePathText(s string) (p filter.Path, err error) {
	if gerr := guardText(s, maxPathLen, "path"); gerr != nil {
		return filter.Path{}, invalidPath("The PATCH path is refused: %v.", gerr)
	}
	defer func() {
		if recover() != nil {
			p, err = filter.Path{}, badPath(s)
		}
	}()
	p, err = filter.ParsePath([]byte(s))
	if err != nil {
		return filter.Path{}, badPath(s)
	}
	return p, nil
}

func badPath(s string) error {
	return invalidPath("The PATCH path %q is not a valid SCIM attribute path (RFC 7644 §3.5.2), "+
		"like name.givenName or emails[type eq \"work\"].value.", clip(s, 120))
}

// clip shortens client text quoted back in an error message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
