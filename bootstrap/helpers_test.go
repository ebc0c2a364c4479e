package bootstrap

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sirupsen/logrus"

	"harriet/adapters/boltstore"
	"harriet/adapters/keys"
	"harriet/ports"
	"harriet/tests/syncbuf"
)

func testKey(t *testing.T) keys.Root {
	t.Helper()
	k, err := keys.FromBytes(bytes.Repeat([]byte{3}, keys.Size))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// syncBuffer is a log sink safe for the goroutines that write to it.
type syncBuffer = syncbuf.Buffer

func testLogger() (*logrus.Logger, *syncBuffer) {
	buf := &syncBuffer{}
	return NewLogger(LogJSON, buf), buf
}

// testConfig is the default configuration on a fresh bbolt path in a temp dir.
func testConfig(t *testing.T) (Config, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "harriet.db")
	cfg := DefaultConfig()
	cfg.Store = "bbolt:" + path
	return cfg, path
}

// openBoltForTest opens a store the way a test that shares it between Apps does.
func openBoltForTest(t *testing.T, path string) *boltstore.DB {
	t.Helper()
	db, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

type reply struct {
	status int
	header http.Header
	body   string
}

func (r reply) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("not JSON (%d): %s", r.status, r.body)
	}
	return m
}

func call(t *testing.T, method, url, token, body string, hdr ...string) reply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

func portsAuditAll() ports.AuditQuery { return ports.AuditQuery{Limit: 100} }
