// Package browser drives Harriet's pages in Debian's Chromium, headless, through
// chromedp: the server is bootstrap.NewApp on a temporary bbolt store, Okta is the
// development OpenID provider, both on 127.0.0.1. Screenshots of every page go to a
// temporary folder (HARRIET_SCREENSHOTS to choose it) whose path the test logs.
package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"harriet/adapters/devidp"
	"harriet/bootstrap"
	"harriet/core/usecase"
)

// chromiumPath is Debian's Chromium, or $HARRIET_CHROMIUM.
func chromiumPath(t *testing.T) string {
	t.Helper()
	p := os.Getenv("HARRIET_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("Chromium is missing at %s (CI installs the chromium package): %v", p, err)
		}
		t.Skipf("Chromium is missing at %s: install the chromium package (apt-get install chromium) to run the browser tests", p)
	}
	return p
}

// newChrome starts a headless Chromium with chromedp's default options, the flags
// that keep it quiet on a closed network, and a fresh profile.
func newChrome(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	// Copy buttons need a focused page to write to the clipboard, headless too.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// grantClipboard lets pages of origin read and write the clipboard, so a test can
// check what a copy button copied.
func grantClipboard(t *testing.T, ctx context.Context, origin string) {
	t.Helper()
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		_, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name, AllowWithoutSanitization: true},
			Setting:    browser.PermissionSettingGranted, Origin: origin})
		if err != nil {
			t.Fatalf("granting %s: %v", name, err)
		}
	}
}

// server is Harriet wired by bootstrap on a temp bbolt store with one company,
// and the development OpenID provider standing in for the company's Okta.
type server struct {
	app      *bootstrap.App
	url      string
	idp      *devidp.Provider
	owner    string
	password string
	logs     *syncBuffer
}

const (
	clientID     = "0oa-acme-harriet"
	clientSecret = "dev-client-secret-of-acme-0123456789"
)

func startServer(t *testing.T) *server {
	t.Helper()
	l, u, err := bootstrap.ListenLocal()
	if err != nil {
		t.Fatal(err)
	}
	cfg := bootstrap.DefaultConfig()
	cfg.Store, cfg.PublicURL = "bbolt:"+filepath.Join(t.TempDir(), "harriet.db"), u
	cfg.AllowInsecureIdP, cfg.SCIMRate = true, 0
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	app, err := bootstrap.NewApp(ctx, cfg, bootstrap.WithLogger(bootstrap.NewLogger(bootstrap.LogJSON, logs)))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = app.Serve(ctx, l); close(done) }()
	t.Cleanup(func() { cancel(); <-done; _ = app.Close() })
	idp, err := devidp.Start(devidp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idp.Close() })
	idp.AddClient(devidp.Client{ID: clientID, Secret: clientSecret, RedirectURIs: []string{u + "/bots/okta/callback/"}})
	s := &server{app: app, url: u, idp: idp, owner: "olivia@acme.test", password: "a demo password for olivia", logs: logs}
	_, err = app.Service.BootstrapCompany(ctx, usecase.BootstrapInput{Slug: "acme", Name: "Acme Inc",
		OwnerEmail: s.owner, OwnerName: "Olivia Owner", Password: s.password})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// scim sends one SCIM request as Okta does and decodes the answer.
func (s *server) scim(t *testing.T, token, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.url+"/scim/v2"+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/scim+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out := map[string]any{}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

// provision creates a user over SCIM and returns its ID.
func (s *server) provision(t *testing.T, token, email, given, family string) string {
	t.Helper()
	st, body := s.scim(t, token, http.MethodPost, "/Users", map[string]any{
		"schemas":  []string{"urn:ietf:params:scim:schemas:core:2.0:User"},
		"userName": email, "active": true, "name": map[string]any{"givenName": given, "familyName": family},
		"emails": []map[string]any{{"value": email, "primary": true, "type": "work"}},
	})
	if st != http.StatusCreated {
		t.Fatalf("SCIM POST /Users %s: %d %v", email, st, body)
	}
	return body["id"].(string)
}

// pushGroup pushes a group with members as Okta's Group Push does.
func (s *server) pushGroup(t *testing.T, token, name string, members ...string) string {
	t.Helper()
	var ms []map[string]any
	for _, m := range members {
		ms = append(ms, map[string]any{"value": m})
	}
	st, body := s.scim(t, token, http.MethodPost, "/Groups", map[string]any{
		"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:Group"}, "displayName": name, "members": ms})
	if st != http.StatusCreated {
		t.Fatalf("SCIM POST /Groups %s: %d %v", name, st, body)
	}
	return body["id"].(string)
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// screenshots is where a run's screenshots go.
func screenshots(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("HARRIET_SCREENSHOTS")
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "harriet-screenshots-"); err != nil {
			t.Fatal(err)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// page is the browser's tab with what the tests need around it.
type page struct {
	t    *testing.T
	ctx  context.Context
	base string
	dir  string
	n    int
}

// do runs steps and fails the test on an error.
func (p *page) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatalf("browser: %v", err)
	}
}

// open navigates to a path of the server and returns the final HTTP status.
func (p *page) open(path string) int64 {
	p.t.Helper()
	resp, err := chromedp.Run(p.ctx, chromedp.NavigateResponse(p.base+path))
	if err != nil {
		p.t.Fatalf("opening %s: %v", path, err)
	}
	return resp.Status
}

// submit clicks a button that sends a form and waits for the page it leads to;
// it returns that page's HTTP status.
func (p *page) submit(sel string) int64 {
	p.t.Helper()
	resp, err := chromedp.RunResponse(p.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("submitting with %s: %v", sel, err)
	}
	return resp.Status
}

// fill types values into fields, by id, replacing what was there.
func (p *page) fill(fields ...string) {
	p.t.Helper()
	for i := 0; i+1 < len(fields); i += 2 {
		clear := fmt.Sprintf(`document.getElementById(%q).value = ""`, fields[i])
		p.do(chromedp.Evaluate[chromedp.Void](clear), chromedp.SendKeys(chromedp.ID(fields[i]), fields[i+1]))
	}
}

// eval evaluates a JavaScript expression (awaiting a promise) into T.
func eval[T any](p *page, expr string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// text is the visible text of the page's main landmark.
func (p *page) text() string {
	p.t.Helper()
	return eval[string](p, `document.querySelector("main").innerText`)
}

func (p *page) mustSee(texts ...string) {
	p.t.Helper()
	body := p.text()
	for _, s := range texts {
		if !strings.Contains(body, s) {
			p.t.Fatalf("the page %s does not say %q; it says:\n%s", eval[string](p, "location.href"), s, body)
		}
	}
}

// shot saves a full-page screenshot of one of Harriet's pages, after checking its
// accessibility basics.
func (p *page) shot(name string) {
	p.t.Helper()
	p.checkA11y(name)
	p.snap(name)
}

// snap saves a full-page screenshot, with no checks (for pages that are not
// Harriet's, like the development provider's).
func (p *page) snap(name string) {
	p.t.Helper()
	buf, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", name, err)
	}
	p.n++
	path := filepath.Join(p.dir, fmt.Sprintf("%02d-%s.png", p.n, name))
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot: %s", path)
}
