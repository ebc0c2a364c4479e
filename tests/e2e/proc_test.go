package e2e

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"harriet/tests/fixture"
)

// buildHarriet builds the real binary from cmd/harriet into a temp directory.
func buildHarriet(t *testing.T) string {
	t.Helper()
	root, err := fixture.RepoRoot()
	if err != nil {
		t.Fatalf("repository root: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "harriet")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/harriet")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/harriet: %v\n%s", err, out)
	}
	return bin
}

// cleanEnv is the environment without HARRIET_* settings, so only the flags a test
// gives configure the binary.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HARRIET_") {
			env = append(env, kv)
		}
	}
	return env
}

// runCLI runs one harriet command to completion and returns its stdout; it fails the
// test on a non-zero exit, showing stderr.
func runCLI(t *testing.T, bin string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = cleanEnv()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("harriet %s: %v\nstderr: %s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// freeAddr picks a free loopback port. The server binds it a moment later; on a test
// machine nothing else takes it in between.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// serveProc is a running `harriet serve`.
type serveProc struct {
	cmd  *exec.Cmd
	log  string // the file its stdout and stderr go to
	done chan struct{}
	err  error // Wait's result, set before done closes
}

// startServe runs `harriet serve` with args and waits until /readyz answers 200.
func startServe(t *testing.T, bin, addr, logPath string, args ...string) *serveProc {
	t.Helper()
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr, "--public-url", "http://" + addr}, args...)...)
	cmd.Env, cmd.Stdout, cmd.Stderr = cleanEnv(), logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		t.Fatalf("starting harriet serve: %v", err)
	}
	p := &serveProc{cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		logFile.Close()
		close(p.done)
	}()
	t.Cleanup(p.stop)
	p.waitReady(t, "http://"+addr)
	return p
}

func (p *serveProc) waitReady(t *testing.T, base string) {
	t.Helper()
	hc := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			t.Fatalf("harriet serve exited before it was ready: %v\n%s", p.err, p.logTail())
		default:
		}
		if resp, err := hc.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("harriet serve was not ready within 30s\n%s", p.logTail())
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *serveProc) kill(t *testing.T) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		t.Fatal("harriet serve did not die after SIGKILL")
	}
}

// stop ends the process gracefully (SIGTERM), or kills it after 10 seconds.
func (p *serveProc) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// logTail returns the end of the process's log, for failure messages.
func (p *serveProc) logTail() string {
	b, _ := os.ReadFile(p.log)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return "--- harriet serve log (tail)\n" + string(b)
}
