package bootstrap

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// harrietBinary builds cmd/harriet once, with a version stamped in, as `make build` does.
func harrietBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "harriet-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "harriet")
		out, err := exec.Command("go", "build", "-ldflags",
			"-X harriet/bootstrap.Version=9.9.9 -X harriet/bootstrap.Commit=testcommit", "-o", binPath, "harriet/cmd/harriet").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// runBinary runs the binary to completion in dir with a clean environment.
func runBinary(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(harrietBinary(t), args...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String(), errb.String()
	case errors.As(err, &ee):
		return ee.ExitCode(), out.String(), errb.String()
	}
	t.Fatal(err)
	return 0, "", ""
}

// server is a running `harriet serve` subprocess.
type server struct {
	cmd  *exec.Cmd
	url  string
	logs *syncBuffer
	done chan struct{}
}

// startServe starts `harriet serve` on a free loopback port and waits for /healthz.
func startServe(t *testing.T, dir string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(harrietBinary(t), append([]string{"serve", "--addr", "127.0.0.1:0", "--log-format", "json"}, args...)...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, logs: &syncBuffer{}, done: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		defer close(s.done)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			_, _ = s.logs.Write([]byte(line + "\n"))
			var m map[string]any
			if json.Unmarshal([]byte(line), &m) == nil && m["msg"] == "harriet is serving" {
				addr <- m["addr"].(string)
			}
		}
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-s.done; _ = cmd.Wait() })
	select {
	case a := <-addr:
		s.url = "http://" + a
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not start: %s", s.logs)
	}
	if r := call(t, "GET", s.url+"/healthz", "", ""); r.status != 200 {
		t.Fatalf("healthz: %d", r.status)
	}
	return s
}

// stop sends SIGTERM and returns the exit code.
func (s *server) stop(t *testing.T) int {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
	err := s.cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

func TestBinaryVersionAndUsage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if code, out, _ := runBinary(t, dir, "version"); code != 0 || out != "harriet 9.9.9 (testcommit)\n" {
		t.Fatalf("version: %d %q", code, out)
	}
	if code, _, errs := runBinary(t, dir, "serve", "--public-url", "https://x.example.com/sub"); code != 2 ||
		!strings.Contains(errs, "--public-url") || strings.Count(errs, "\n") != 1 {
		t.Fatalf("bad setting: %d %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "harriet.db")); err == nil {
		t.Fatal("a bad setting still created the store")
	}
}

func TestServeProcess(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()

	// an empty store: serve runs and says how to bootstrap; SIGTERM stops it cleanly
	s := startServe(t, dir)
	if !strings.Contains(s.logs.String(), "harriet bootstrap --store bbolt:harriet.db --company") {
		t.Fatalf("no bootstrap hint: %s", s.logs)
	}
	if code := s.stop(t); code != 0 || !strings.Contains(s.logs.String(), `"msg":"stopped"`) {
		t.Fatalf("SIGTERM: exit %d\n%s", code, s.logs)
	}

	code, out, errs := runBinary(t, dir, "bootstrap", "--company", "acme", "--name", "Acme Inc", "--owner-email", "owner@acme.com")
	if code != 0 || !strings.HasPrefix(out, `{"company":"acme","owner_id":"`) {
		t.Fatalf("bootstrap: %d %q %q", code, out, errs)
	}
	code, out, errs = runBinary(t, dir, "token", "create", "--company", "acme", "--user", "owner@acme.com", "--name", "ops")
	token := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(token, "hrt_") {
		t.Fatalf("token create: %d %q %q", code, out, errs)
	}

	s = startServe(t, dir, "--scim-rate", "0")
	if strings.Contains(s.logs.String(), "no company yet") {
		t.Fatal("bootstrap hint on a store with a company")
	}
	if r := call(t, "GET", s.url+"/readyz", "", ""); r.status != 200 {
		t.Fatalf("readyz: %d %s", r.status, r.body)
	}
	me := call(t, "GET", s.url+"/api/v1/me", token, "")
	if me.status != 200 || me.json(t)["email"] != "owner@acme.com" {
		t.Fatalf("me: %d %s", me.status, me.body)
	}
	m := call(t, "GET", s.url+"/metrics", "", "")
	if !strings.Contains(m.body, `route="/api/v1/me"`) || !strings.Contains(m.body, "go_goroutines") {
		t.Fatalf("metrics: %s", m.body)
	}

	// a second process on the held file stops at once with a message saying why
	start := time.Now()
	code, _, errs = runBinary(t, dir, "token", "create", "--company", "acme", "--user", "owner@acme.com", "--name", "again")
	if code != 1 || !strings.Contains(errs, "in use by another harriet process") || !strings.Contains(errs, "harriet serve") ||
		strings.Count(errs, "\n") != 1 || time.Since(start) > 10*time.Second {
		t.Fatalf("second process: exit %d after %v: %q", code, time.Since(start), errs)
	}

	if code := s.stop(t); code != 0 {
		t.Fatalf("SIGTERM: exit %d\n%s", code, s.logs)
	}
	logs := s.logs.String()
	if strings.Contains(logs, token) || strings.Contains(logs, token[4:20]) {
		t.Fatal("the token reached the server's log")
	}
	if !strings.Contains(logs, `"route":"/api/v1/me"`) || !strings.Contains(logs, `"company":"`) {
		t.Fatalf("request log lines: %s", logs)
	}
}
