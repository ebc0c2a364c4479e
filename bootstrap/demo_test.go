package bootstrap

import (
	"bufio"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// demoRun is a running `harriet demo` subprocess and what it printed.
type demoRun struct {
	cmd                         *exec.Cmd
	out                         *syncBuffer
	done                        chan struct{}
	url, password, token, store string
}

// startDemoProcess runs `harriet demo` with TMPDIR in tmp and waits for its welcome.
func startDemoProcess(t *testing.T, tmp string) *demoRun {
	t.Helper()
	cmd := exec.Command(harrietBinary(t), "demo", "--addr", "127.0.0.1:0", "--log-format", "json")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + tmp, "TMPDIR=" + tmp}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	d := &demoRun{cmd: cmd, out: &syncBuffer{}, done: make(chan struct{})}
	go func() {
		defer close(d.done)
		_, _ = io.Copy(d.out, bufio.NewReader(stdout))
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-d.done; _ = cmd.Wait() })
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(d.out.String(), "Press Ctrl-C to stop.") {
		if time.Now().After(deadline) {
			t.Fatalf("the demo did not start:\n%s", d.out)
		}
		time.Sleep(50 * time.Millisecond)
	}
	text := d.out.String()
	d.url = match(t, text, `Open (http://127\.0\.0\.1:\d+)/login`)
	d.password = match(t, text, `olivia@acme\.test\s+Owner, the primary owner; password: (\S+)`)
	d.token = match(t, text, `provisioning token: (hrt_\S+)`)
	d.store = match(t, text, `Temporary store: (\S+)`)
	return d
}

func match(t *testing.T, text, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("the demo's output has no %s:\n%s", pattern, text)
	}
	return m[1]
}

func TestDemoShowsTheProductAndCleansUp(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	d := startDemoProcess(t, tmp)
	if !strings.HasPrefix(d.store, tmp) {
		t.Fatalf("the temporary store %s is not in TMPDIR %s", d.store, tmp)
	}
	if _, err := os.Stat(filepath.Join(d.store, "harriet.db")); err != nil {
		t.Fatalf("no store while the demo runs: %v", err)
	}
	if r := call(t, "GET", d.url+"/login", "", ""); r.status != 200 || !strings.Contains(r.body, "Sign in to Harriet") {
		t.Fatalf("GET /login: %d %s", r.status, r.body)
	}
	users := call(t, "GET", d.url+"/scim/v2/Users?count=100", d.token, "").json(t)
	if users["totalResults"] != float64(5) {
		t.Fatalf("SCIM lists %v users, want the Owner and 4 provisioned", users["totalResults"])
	}
	b := newDemoBrowser(t)
	home := b.post(d.url+"/login/password", url.Values{"email": {"olivia@acme.test"}, "password": {d.password}})
	mustHave(t, home, "Hello, Olivia")
	mustHave(t, b.get(d.url+"/settings/users"), "Ada Lovelace", "via <a href=", "Harriet Admin Group", "Deactivated", "Katherine Johnson")
	mustHave(t, b.get(d.url+"/settings/groups"), "Almost “Harriet Admin Group” but not exactly", "1 unknown member ID skipped")
	mustHave(t, b.get(d.url+"/settings/integrations/okta"), "Issuer found", "Development mode", "development OpenID provider")

	ada := newDemoBrowser(t)
	picker := ada.post(d.url+"/login/okta", url.Values{"email": {"ada@acme.test"}})
	mustHave(t, picker, "Development OpenID provider — not Okta", "ada@acme.test")
	mustHave(t, ada.post(ada.last.String(), url.Values{"login": {"ada@acme.test"}}), "Hello, Ada", "Admin")

	d.ctrlC(t)
}

// ctrlC stops the demo as a person does, and checks it exits cleanly and removes
// its temporary store.
func (d *demoRun) ctrlC(t *testing.T) {
	t.Helper()
	if err := d.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-d.done:
	case <-time.After(20 * time.Second):
		t.Fatal("the demo did not stop on Ctrl-C")
	}
	if err := d.cmd.Wait(); err != nil {
		t.Fatalf("the demo exited with %v:\n%s", err, d.out)
	}
	if _, err := os.Stat(d.store); !os.IsNotExist(err) {
		t.Fatalf("the temporary store %s is still there after Ctrl-C: %v", d.store, err)
	}
	if !strings.Contains(d.out.String(), "is removed") {
		t.Fatalf("the demo did not say it removed its store:\n%s", d.out)
	}
}

func TestDemoListensOnLoopbackOnly(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"0.0.0.0:8080", ":8080", "192.0.2.1:8080"} {
		code, _, stderr := run(t, nil, "demo", "--addr", addr)
		if code != 2 || !strings.Contains(stderr, "loopback only") {
			t.Fatalf("demo --addr %s: exit %d, %q", addr, code, stderr)
		}
	}
}

// TestServeNeverStartsTheDevelopmentProvider: only the demo's files import the
// development OpenID provider, so `serve` cannot start it.
func TestServeNeverStartsTheDevelopmentProvider(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		parsed, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range parsed.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "harriet/adapters/devidp" && !strings.HasPrefix(f, "demo") {
				t.Errorf("%s imports the development OpenID provider; only demo*.go may", f)
			}
		}
	}
}

// demoBrowser is a cookie jar that follows redirects and sends the headers a
// browser sends with a form posted from the page itself.
type demoBrowser struct {
	t    *testing.T
	c    *http.Client
	last *url.URL
}

func newDemoBrowser(t *testing.T) *demoBrowser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &demoBrowser{t: t, c: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
}

func (b *demoBrowser) do(req *http.Request) string {
	b.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	b.last = resp.Request.URL
	if resp.StatusCode != http.StatusOK {
		b.t.Fatalf("%s %s ended on %s with %d: %s", req.Method, req.URL, b.last, resp.StatusCode, body)
	}
	return string(body)
}

func (b *demoBrowser) get(u string) string {
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	return b.do(req)
}

func (b *demoBrowser) post(u string, form url.Values) string {
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

func mustHave(t *testing.T, body string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if !strings.Contains(body, s) {
			t.Fatalf("the page lacks %q:\n%s", s, body)
		}
	}
}
