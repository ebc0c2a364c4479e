package browser

import (
	"context"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"harriet/bootstrap"
)

// TestDemoInBrowser runs `harriet demo` in this process and follows what it prints:
// the login page, Okta sign-in through the development provider's picker, the
// pages of the demo company; stopping it removes its store.
func TestDemoInBrowser(t *testing.T) {
	ctx := newChrome(t)
	shots := screenshots(t) // before TMPDIR moves: screenshots outlive the test
	t.Setenv("TMPDIR", t.TempDir())
	base, store, stop := runDemo(t)
	p := &page{t: t, ctx: ctx, base: base, dir: shots}

	p.open("/login")
	p.fill("email", "olivia@acme.test")
	p.submit("form[action='/login/password'] button.primary")
	p.mustSee("olivia@acme.test", "Sign in with Okta", "Sign in with password")
	p.shot("demo-login-methods")
	p.open("/login")
	p.fill("email", "ada@acme.test")
	p.submit("button.okta")
	if !strings.Contains(eval[string](p, "document.body.innerText"), "Development OpenID provider — not Okta") {
		t.Fatal("the development provider's page does not say it is not Okta")
	}
	p.snap("demo-provider-picker")
	p.submit(`button[value="ada@acme.test"]`)
	p.mustSee("Hello, Ada", "Admin")
	p.open("/settings/groups")
	p.mustSee("Harriet Admin Group", "Harriet Support Group", "Almost “Harriet Admin Group”")
	p.shot("demo-groups")
	p.open("/settings/users")
	p.mustSee("Katherine Johnson", "Deactivated", "via Harriet Support Group")
	p.shot("demo-users")
	if cur := eval[string](p, `document.querySelector(".topbar nav a[aria-current=page]").getAttribute("href")`); cur != "/settings/users" {
		t.Fatalf("the navigation marks %q as the current page", cur)
	}

	if code := stop(); code != 0 {
		t.Fatalf("the demo exited with %d", code)
	}
	if _, err := os.Stat(store); !os.IsNotExist(err) {
		t.Fatalf("the demo's store %s is still there: %v", store, err)
	}
}

// runDemo runs `harriet demo` in this process as a person would, until stop (their
// Ctrl-C), which returns its exit code. It returns the URL and store it printed.
func runDemo(t *testing.T) (base, store string, stop func() int) {
	t.Helper()
	out := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	exited := make(chan int, 1)
	go func() {
		exited <- bootstrap.Run(ctx, []string{"demo", "--addr", "127.0.0.1:0", "--log-format", "json"},
			func(string) string { return "" }, out, io.Discard)
	}()
	t.Cleanup(cancel)
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(out.String(), "Press Ctrl-C to stop.") {
		if time.Now().After(deadline) {
			t.Fatalf("the demo did not start:\n%s", out)
		}
		time.Sleep(50 * time.Millisecond)
	}
	base = regexp.MustCompile(`Open (http://\S+)/login`).FindStringSubmatch(out.String())[1]
	store = regexp.MustCompile(`Temporary store: (\S+)`).FindStringSubmatch(out.String())[1]
	return base, store, func() int { cancel(); return <-exited }
}
