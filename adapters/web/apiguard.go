package web

import (
	"net/http"
	"net/url"
	"strings"

	"harriet/adapters/httpmw"
)

// GuardCookieAPI puts http.CrossOriginProtection in front of the paths under
// prefix (the JSON API, which accepts the session cookie as well as bearer tokens):
// a browser's POST, PUT, PATCH or DELETE sent from another site is refused with 403
// JSON before any handler runs. Scripts and Okta send neither Origin nor
// Sec-Fetch-Site and pass, and so do same-site requests and safe methods.
func GuardCookieAPI(publicURL, prefix string) (func(http.Handler) http.Handler, error) {
	cop := http.NewCrossOriginProtection()
	if pu, err := url.Parse(strings.TrimRight(publicURL, "/")); err == nil && pu.Host != "" {
		if err := cop.AddTrustedOrigin(pu.Scheme + "://" + pu.Host); err != nil {
			return nil, err
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpmw.WriteError(w, r, http.StatusForbidden, "forbidden",
			"This request came from another site's page, so Harriet refused it. Call the API with a bearer token, or from Harriet's own pages.")
	}))
	return func(next http.Handler) http.Handler {
		guarded := cop.Handler(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, prefix) {
				guarded.ServeHTTP(w, r)
				return
			}
			next.ServeHTTP(w, r)
		})
	}, nil
}
