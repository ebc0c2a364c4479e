package scimapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"harriet/core"
	"harriet/core/usecase"
)

func invalidSyntax(format string, args ...any) error {
	return &core.Error{Kind: core.Invalid, SCIMType: "invalidSyntax", Message: fmt.Sprintf(format, args...)}
}

// readBody reads a JSON object body of at most limit bytes. Any JSON content type
// (application/scim+json, application/json, with or without charset) is read alike.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) (map[string]any, error) {
	if r.ContentLength > limit {
		return nil, tooLarge(limit)
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge(limit)
		}
		return nil, invalidSyntax("The request body could not be read; send it again.")
	}
	if i := core.InvalidUTF8At(raw); i >= 0 {
		return nil, invalidSyntax("The request body is not valid UTF-8 (byte %d); send the JSON as UTF-8 text.", i)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		if len(bytes.TrimSpace(raw)) == 0 {
			return nil, invalidSyntax("The request needs a JSON body.")
		}
		return nil, invalidSyntax("The request body is not valid JSON (%v); send a SCIM JSON object.", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, invalidSyntax("The request body has more than one JSON value; send one SCIM JSON object.")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, invalidSyntax("The request body must be a JSON object.")
	}
	return m, nil
}

func tooLarge(limit int64) error {
	return core.E(core.TooLarge, "The request body is larger than %d MiB, the most Harriet accepts here; send fewer changes per request.",
		limit>>20)
}

// param reads a query parameter; SCIM parameter names are matched case-insensitively.
func param(q url.Values, name string) (string, bool) {
	if v, ok := q[name]; ok && len(v) > 0 {
		return v[0], true
	}
	for k, v := range q {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0], true
		}
	}
	return "", false
}

// intParam reads an integer query parameter; absent gives def.
func intParam(q url.Values, name string, def int) (int, error) {
	s, ok := param(q, name)
	if !ok || strings.TrimSpace(s) == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return 0, &core.Error{Kind: core.Invalid, SCIMType: "invalidValue", Field: name,
			Message: fmt.Sprintf("%s must be a whole number, not %q.", name, clip(s, 40))}
	}
	const limit = 1 << 30 // far beyond any page; keeps arithmetic safe
	return int(max(min(n, limit), -limit)), nil
}

// ifMatch reads If-Match into the use cases' precondition: nil when absent or "*",
// else the versions of the entity tags it lists. A header that names no version
// Harriet issued matches nothing (412), as RFC 7232 requires.
func ifMatch(r *http.Request) usecase.IfMatch {
	values := r.Header.Values("If-Match")
	if len(values) == 0 {
		return nil
	}
	out := usecase.IfMatch{}
	for _, v := range values {
		for _, tag := range strings.Split(v, ",") {
			tag = strings.TrimSpace(tag)
			if tag == "*" {
				return nil
			}
			if n, ok := parseETag(tag); ok {
				out = append(out, n)
			}
		}
	}
	return out
}

// parseETag reads W/"N" or "N".
func parseETag(tag string) (int64, bool) {
	tag = strings.TrimPrefix(tag, "W/")
	if len(tag) < 3 || tag[0] != '"' || tag[len(tag)-1] != '"' {
		return 0, false
	}
	n, err := strconv.ParseInt(tag[1:len(tag)-1], 10, 64)
	return n, err == nil
}

// notModified reports whether If-None-Match names the current version.
func notModified(r *http.Request, version int64) bool {
	for _, v := range r.Header.Values("If-None-Match") {
		for _, tag := range strings.Split(v, ",") {
			if n, ok := parseETag(strings.TrimSpace(tag)); ok && n == version {
				return true
			}
		}
	}
	return false
}
