package bootstrap

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"harriet/adapters/keys"
)

// serveStart runs `harriet serve` until it has started (it logs that it serves),
// then stops it as a signal would, and returns the exit code and stderr. A start
// that fails returns at once with the failure.
func serveStart(t *testing.T, env map[string]string, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() { done <- Run(ctx, append([]string{"serve"}, args...), envOf(env), &out, &errb) }()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case code := <-done:
			return code, errb.String()
		case <-deadline:
			t.Fatalf("serve neither started nor stopped: %s", errb.String())
		case <-time.After(10 * time.Millisecond):
			if strings.Contains(errb.String(), "harriet is serving") {
				cancel()
				return <-done, errb.String()
			}
		}
	}
}

// A server started with another key than the store's would run, say a client
// secret is set, and fail every Okta sign-in. It stops instead, with one line that
// names where the key came from, whichever way it was given, and never the key.
func TestServeRefusesAKeyThatDoesNotOpenTheStoredSecrets(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src, root := seededBolt(t, dir, "harriet.db", "acme", "globex") // acme has an integration
	otherFile := filepath.Join(dir, "other.key")
	other, err := keys.CreateFile(otherFile)
	if err != nil {
		t.Fatal(err)
	}
	serve := []string{"--store", "bbolt:" + src, "--addr", "127.0.0.1:0", "--log-format", "json"}
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"flag", nil, []string{"--secret-key-file", otherFile}, "bad setting --secret-key-file (" + otherFile + ")"},
		{"file variable", map[string]string{"HARRIET_SECRET_KEY_FILE": otherFile}, nil, "bad setting HARRIET_SECRET_KEY_FILE (" + otherFile + ")"},
		{"inline variable", map[string]string{"HARRIET_SECRET_KEY": other.Encode()}, nil, "bad setting HARRIET_SECRET_KEY:"},
	}
	for _, c := range cases {
		code, errs := serveStart(t, c.env, append(serve, c.args...)...)
		if code != exitRuntime || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "harriet serve: ") ||
			!strings.Contains(errs, c.want) || !strings.Contains(errs, "does not open the Okta client secrets") {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 and one line with %q", c.name, code, errs, c.want)
		}
		if strings.Contains(errs, other.Encode()) || strings.Contains(errs, root.Encode()) {
			t.Errorf("%s: a key reached the message: %q", c.name, errs)
		}
	}

	// The store's own key starts, from beside the database or given.
	if code, errs := serveStart(t, nil, serve...); code != exitOK {
		t.Fatalf("serve with the key beside the database: exit %d: %s", code, errs)
	}
	if code, errs := serveStart(t, nil, append(serve, "--secret-key-file", keys.BesidePath(src))...); code != exitOK {
		t.Fatalf("serve with the right --secret-key-file: exit %d: %s", code, errs)
	}

	// The key file beside the database replaced by another: named as that file.
	if err := os.Rename(otherFile, keys.BesidePath(src)); err != nil {
		t.Fatal(err)
	}
	code, errs := serveStart(t, nil, serve...)
	if code != exitRuntime || !strings.Contains(errs, "the key file beside the database ("+keys.BesidePath(src)) ||
		!strings.Contains(errs, "does not open") || strings.Count(errs, "\n") != 1 {
		t.Fatalf("a replaced key file beside the database: exit %d: %q", code, errs)
	}
}
