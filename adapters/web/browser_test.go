package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"harriet/ports"
)

// browser is a person's browser: a cookie jar, redirects followed, the hops of the
// last navigation recorded, and the Sec-Fetch-Site/Origin headers a browser sends
// with a form post.
type browser struct {
	t    testing.TB
	jar  *cookiejar.Jar
	c    *http.Client
	hops []*url.URL
	// stopAt, when set, ends a navigation before a redirect to a matching URL; the
	// page then is that redirect, and stopped holds its target.
	stopAt  func(*url.URL) bool
	stopped *url.URL
}

func newBrowser(t testing.TB) *browser {
	b := &browser{t: t, jar: newJar(t)}
	b.c = &http.Client{Jar: b.jar, Timeout: 10 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			b.hops = append(b.hops, req.URL)
			if b.stopAt != nil && b.stopAt(req.URL) {
				b.stopped = req.URL
				return http.ErrUseLastResponse
			}
			if len(via) > 10 {
				return http.ErrUseLastResponse
			}
			return nil
		}}
	return b
}

// page is what a navigation ended on.
type page struct {
	status int
	url    *url.URL
	header http.Header
	body   string
}

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	b.hops, b.stopped = nil, nil
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return page{status: resp.StatusCode, url: resp.Request.URL, header: resp.Header, body: string(body)}
}

func (b *browser) get(u string) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

// post submits a form from a page of the same site, as a browser does.
func (b *browser) post(u string, form url.Values, hdr ...string) page {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return b.do(req)
}

// oktaSignIn signs in with Okta on base as a person does: the email on the login
// page, Okta, back to the callback, on to the home page.
func (b *browser) oktaSignIn(base, email string) page {
	b.t.Helper()
	return b.post(base+"/login/okta", url.Values{"email": {email}})
}

// startOkta starts a sign-in and stops before the callback: it returns the callback
// URL Okta sent the browser to (state and code in it).
func (b *browser) startOkta(base, email string) *url.URL {
	b.t.Helper()
	b.stopAt = func(u *url.URL) bool { return u.Path == "/bots/okta/callback/" }
	defer func() { b.stopAt = nil }()
	p := b.oktaSignIn(base, email)
	if b.stopped == nil {
		b.t.Fatalf("the sign-in never reached the callback: %d %s %s", p.status, p.url, p.body)
	}
	return b.stopped
}

// session returns the browser's session cookie for base, or "".
func (b *browser) session(base string) string {
	for _, c := range b.jar.Cookies(mustURL(b.t, base)) {
		if c.Name == "harriet_session" {
			return c.Value
		}
	}
	return ""
}

// me calls GET /api/v1/me with the browser's cookies.
func (b *browser) me(base string) (int, string) {
	b.t.Helper()
	p := b.get(base + "/api/v1/me")
	return p.status, p.body
}

func portsAuditAll() ports.AuditQuery { return ports.AuditQuery{Limit: 500} }

// mustContain fails unless the page has every text.
func mustContain(t *testing.T, p page, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if !strings.Contains(p.body, s) {
			t.Fatalf("page %s (%d) lacks %q:\n%s", p.url, p.status, s, p.body)
		}
	}
}
