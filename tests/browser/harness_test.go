// Package browser drives Harriet's pages in Debian's Chromium, headless, through
// chromedp: the server is bootstrap.NewApp on a temporary bbolt store, Okta is the
// development OpenID provider, both on 127.0.0.1. Screenshots of every page go to a
// temporary folder (HARRIET_SCREENSHOTS to choose it) whose path the test logs.
package browser

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"harriet/tests/syncbuf"
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

// syncBuffer is a log sink safe for the goroutines that write to it.
type syncBuffer = syncbuf.Buffer

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
