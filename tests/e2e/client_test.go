package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// client calls a Harriet server as one credential would.
type client struct {
	base  string // the server's origin
	token string // bearer token; "" sends none
	http  *http.Client
}

func newClient(base, token string) client {
	return client{base: strings.TrimSuffix(base, "/"), token: token, http: &http.Client{Timeout: 30 * time.Second}}
}

// call sends one request with a JSON body (nil for none) and returns the status and
// the body. pathAndQuery is sent as given (already encoded).
func (c client) call(t testing.TB, method, pathAndQuery string, body any) (int, []byte) {
	t.Helper()
	status, data, err := c.try(method, pathAndQuery, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, pathAndQuery, err)
	}
	return status, data
}

// try is call without a test, for goroutines: it reports transport errors.
func (c client) try(method, pathAndQuery string, body any) (int, []byte, error) {
	var rd io.Reader = http.NoBody
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+pathAndQuery, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}

// mustJSON sends a request, requires the status and decodes the JSON answer.
func (c client) mustJSON(t testing.TB, method, pathAndQuery string, body any, want int) map[string]any {
	t.Helper()
	status, data := c.call(t, method, pathAndQuery, body)
	if status != want {
		t.Fatalf("%s %s: status %d, want %d; body: %s", method, pathAndQuery, status, want, clip(data))
	}
	if status == http.StatusNoContent {
		return nil
	}
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("%s %s: answer is not a JSON object: %v; body: %s", method, pathAndQuery, err, clip(data))
	}
	return out
}

func clip(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}

// str reads a string field of a decoded answer.
func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

// num reads a number field of a decoded answer (-1 when it is not a number).
func num(m map[string]any, key string) int {
	f, ok := m[key].(float64)
	if !ok {
		return -1
	}
	return int(f)
}
