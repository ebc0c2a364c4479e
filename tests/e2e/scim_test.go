package e2e

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// oktaUser is a SCIM user body as Okta's client sends it.
func oktaUser(userName, externalID string) map[string]any {
	return map[string]any{
		"schemas":     []string{"urn:ietf:params:scim:schemas:core:2.0:User"},
		"userName":    userName,
		"name":        map[string]any{"givenName": "Same", "familyName": "Person"},
		"emails":      []any{map[string]any{"primary": true, "value": userName, "type": "work"}},
		"displayName": "Same Person",
		"locale":      "en-US",
		"externalId":  externalID,
		"groups":      []any{},
		"password":    "Placeholder-1",
		"active":      true,
	}
}

// eqFilter is a SCIM list path with `attr eq "value"`, encoded as Okta encodes it.
func eqFilter(resource, attr, value string) string {
	f := fmt.Sprintf("%s eq %q", attr, value)
	return "/scim/v2/" + resource + "?filter=" + strings.ReplaceAll(url.QueryEscape(f), "+", "%20") + "&startIndex=1&count=100"
}

// resources returns the Resources of a SCIM ListResponse and its totalResults.
func resources(t testing.TB, list map[string]any) ([]map[string]any, int) {
	t.Helper()
	raw, _ := list["Resources"].([]any)
	out := make([]map[string]any, 0, len(raw))
	for _, r := range raw {
		m, ok := r.(map[string]any)
		if !ok {
			t.Fatalf("a Resources element is not an object: %v", r)
		}
		out = append(out, m)
	}
	return out, num(list, "totalResults")
}

// listAll pages through /scim/v2/<resource> and returns every resource, and the
// totalResults the first page announced.
func listAll(t testing.TB, c client, resource string) ([]map[string]any, int) {
	t.Helper()
	const page = 500
	var all []map[string]any
	total := -1
	for start := 1; ; start += page {
		list := c.mustJSON(t, http.MethodGet, fmt.Sprintf("/scim/v2/%s?startIndex=%d&count=%d", resource, start, page), nil, http.StatusOK)
		res, tot := resources(t, list)
		if total < 0 {
			total = tot
		}
		all = append(all, res...)
		if len(res) < page {
			return all, total
		}
	}
}
