package httpmw

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/mux"
	"github.com/sirupsen/logrus"

	"harriet/core"
)

const goodToken = "hrt_GOODGOODGOODGOODGOODGOODGOODGOODGOODGOODGOO123456"

// fakeTokens accepts goodToken for company c1 and counts calls.
type fakeTokens struct{ calls atomic.Int32 }

func (f *fakeTokens) AuthenticateToken(_ context.Context, secret, requestID string) (core.Principal, error) {
	f.calls.Add(1)
	if secret == goodToken {
		return core.Principal{CompanyID: "c1", Kind: core.ActorToken, TokenID: "t1", RequestID: requestID}, nil
	}
	return core.Principal{}, core.E(core.Unauthenticated, "This is not a Harriet API token.")
}

type fakeSessions struct{}

func (fakeSessions) Resolve(r *http.Request) (core.Principal, bool, error) {
	c, err := r.Cookie("harriet_session")
	if err != nil {
		return core.Principal{}, false, nil
	}
	if c.Value != "good-session" {
		return core.Principal{}, false, core.E(core.Unauthenticated, "session ended")
	}
	return core.Principal{CompanyID: "c2", Kind: core.ActorUser}, true, nil
}

// stack is the chain bootstrap builds, around a router with a few routes.
type stack struct {
	h       http.Handler
	logs    *bytes.Buffer
	metrics *Metrics
	tokens  *fakeTokens
}

func newStack(t *testing.T, failLimit int, trusted string) *stack {
	t.Helper()
	log := logrus.New()
	buf := &bytes.Buffer{}
	log.SetOutput(buf)
	log.SetFormatter(&logrus.JSONFormatter{})
	tp, err := ParseTrustedProxies(trusted)
	if err != nil {
		t.Fatal(err)
	}
	m := NewMetrics()
	fails := NewFailLimiter(failLimit, m)
	toks := &fakeTokens{}
	auth := &Auth{Tokens: toks, Sessions: fakeSessions{}, Failures: fails, Log: log}

	r := mux.NewRouter()
	r.Use(TagRoute)
	r.HandleFunc("/scim/v2/Users/{id}", func(w http.ResponseWriter, r *http.Request) {
		p, err := auth.BearerOnly().Authenticate(r)
		if err != nil {
			writeAuthError(w, r, err)
			return
		}
		_, _ = io.WriteString(w, p.CompanyID)
	})
	r.HandleFunc("/api/v1/me", func(w http.ResponseWriter, r *http.Request) {
		p, err := auth.Authenticate(r)
		if err != nil {
			writeAuthError(w, r, err)
			return
		}
		_, _ = io.WriteString(w, p.CompanyID+" "+p.RequestID)
	})
	r.HandleFunc("/panic/{id}", func(http.ResponseWriter, *http.Request) { panic("boom") })
	r.Handle("/metrics", m.Handler())
	h := Chain(r, RequestID, tp.Middleware, Observe(log, m), Recover(log))
	return &stack{h: h, logs: buf, metrics: m, tokens: toks}
}

// writeAuthError answers as the adapters do: 429 with Retry-After for a client over
// the failure limit, else 401.
func writeAuthError(w http.ResponseWriter, r *http.Request, err error) {
	if wait, ok := RetryAfterOf(err); ok && core.IsKind(err, core.RateLimited) {
		SetRetryAfter(w, wait)
		WriteError(w, r, http.StatusTooManyRequests, "rate_limited", core.MessageOf(err))
		return
	}
	w.WriteHeader(http.StatusUnauthorized)
}

func (s *stack) do(t *testing.T, method, target string, hdr map[string]string, peer string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	if peer != "" {
		req.RemoteAddr = peer
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	return rec
}

func TestRequestID(t *testing.T) {
	s := newStack(t, 0, "")
	rec := s.do(t, "GET", "/api/v1/me", map[string]string{"Authorization": "Bearer " + goodToken, HeaderRequestID: "lb-123.abc"}, "")
	if got := rec.Header().Get(HeaderRequestID); got != "lb-123.abc" {
		t.Fatalf("sane incoming ID not kept: %q", got)
	}
	if body := rec.Body.String(); body != "c1 lb-123.abc" {
		t.Fatalf("principal does not carry the request ID: %q", body)
	}
	for _, bad := range []string{"", "has space", "<script>", strings.Repeat("a", 129), "new\nline"} {
		rec := s.do(t, "GET", "/api/v1/me", map[string]string{HeaderRequestID: bad}, "")
		got := rec.Header().Get(HeaderRequestID)
		if got == bad || len(got) != 32 {
			t.Fatalf("incoming %q: echoed %q, want a fresh ID", bad, got)
		}
	}
	a := s.do(t, "GET", "/api/v1/me", nil, "").Header().Get(HeaderRequestID)
	b := s.do(t, "GET", "/api/v1/me", nil, "").Header().Get(HeaderRequestID)
	if a == b {
		t.Fatal("two requests got the same ID")
	}
}

func TestMetricsLabelRouteTemplates(t *testing.T) {
	s := newStack(t, 0, "")
	s.do(t, "GET", "/scim/v2/Users/0192-secret-looking-id", map[string]string{"Authorization": "Bearer " + goodToken}, "")
	s.do(t, "GET", "/scim/v2/Users/another-id", nil, "")
	s.do(t, "GET", "/no/such/path/xyz", nil, "")
	s.do(t, "BREW", "/api/v1/me", nil, "")
	body := s.do(t, "GET", "/metrics", nil, "").Body.String()
	for _, want := range []string{
		`harriet_http_requests_total{method="GET",route="/scim/v2/Users/{id}",status="2xx"} 1`,
		`harriet_http_requests_total{method="GET",route="/scim/v2/Users/{id}",status="4xx"} 1`,
		`harriet_http_requests_total{method="GET",route="unmatched",status="4xx"} 1`,
		`harriet_http_requests_total{method="OTHER",route="/api/v1/me",status="4xx"} 1`,
		`harriet_http_request_duration_seconds_bucket{method="GET",route="/scim/v2/Users/{id}",status="2xx",le="+Inf"} 1`,
		`harriet_auth_failures_total 0`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	for _, raw := range []string{"0192-secret-looking-id", "another-id", "/no/such", "BREW"} {
		if strings.Contains(body, raw) {
			t.Errorf("metrics hold the raw value %q", raw)
		}
	}
}

func TestClientIP(t *testing.T) {
	tp, err := ParseTrustedProxies("10.0.0.0/8, 192.168.1.1 fd00::/8")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ peer, xff, want string }{
		{"203.0.113.9:4000", "1.2.3.4", "203.0.113.9"},                       // untrusted peer: XFF ignored
		{"10.1.2.3:4000", "", "10.1.2.3"},                                    // trusted peer, no XFF
		{"10.1.2.3:4000", "198.51.100.7", "198.51.100.7"},                    // one proxy
		{"10.1.2.3:4000", "6.6.6.6, 198.51.100.7, 10.9.9.9", "198.51.100.7"}, // spoofed left part ignored
		{"192.168.1.1:80", "10.0.0.5, 10.0.0.6", "10.0.0.5"},                 // all trusted: the leftmost
		{"10.1.2.3:4000", "garbage, 198.51.100.7", "198.51.100.7"},           // garbage left of the client
		{"10.1.2.3:4000", "198.51.100.7, garbage", "10.1.2.3"},               // garbage in the proxies' part
		{"[fd00::1]:443", "2001:db8::5", "2001:db8::5"},
		{"[::ffff:10.0.0.1]:80", "198.51.100.8", "198.51.100.8"}, // 4-in-6 peer
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := tp.ClientIP(r); got.String() != c.want {
			t.Errorf("peer %s XFF %q: got %s, want %s", c.peer, c.xff, got, c.want)
		}
	}
	if _, err := ParseTrustedProxies("10.0.0.0/8,nonsense"); err == nil || !strings.Contains(err.Error(), "nonsense") {
		t.Fatalf("bad CIDR: %v", err)
	}
}

func TestAuthFailLimiterBehindTrustedProxy(t *testing.T) {
	s := newStack(t, 3, "10.0.0.0/8")
	proxy := "10.0.0.2:5555"
	attacker := map[string]string{"Authorization": "Bearer wrong", "X-Forwarded-For": "203.0.113.5"}
	for i := 0; i < 3; i++ {
		if rec := s.do(t, "GET", "/api/v1/me", attacker, proxy); rec.Code != 401 {
			t.Fatalf("failure %d: status %d", i, rec.Code)
		}
	}
	rec := s.do(t, "GET", "/api/v1/me", attacker, proxy)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("over the limit: %d Retry-After=%q", rec.Code, rec.Header().Get("Retry-After"))
	}
	var body struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error.Code != "rate_limited" {
		t.Fatalf("body %s", rec.Body)
	}
	// a good token still works: it cannot be guessed, so refusing it protects
	// nothing and would let junk from a shared address stop provisioning
	good := map[string]string{"Authorization": "Bearer " + goodToken, "X-Forwarded-For": "203.0.113.5"}
	calls := s.tokens.calls.Load()
	if rec := s.do(t, "GET", "/scim/v2/Users/x", good, proxy); rec.Code != 200 {
		t.Fatalf("a good token over the limit: %d %s", rec.Code, rec.Body)
	}
	if s.tokens.calls.Load() != calls+1 {
		t.Fatalf("token checks %d, want %d", s.tokens.calls.Load(), calls+1)
	}
	for _, hdr := range []map[string]string{attacker, {"X-Forwarded-For": "203.0.113.5"}} {
		if rec := s.do(t, "GET", "/api/v1/me", hdr, proxy); rec.Code != 429 || rec.Header().Get("Retry-After") == "" {
			t.Fatalf("a bad or missing credential over the limit: %d", rec.Code)
		}
	}
	// another client behind the same proxy is not affected
	other := map[string]string{"Authorization": "Bearer " + goodToken, "X-Forwarded-For": "203.0.113.6"}
	if rec := s.do(t, "GET", "/api/v1/me", other, proxy); rec.Code != 200 {
		t.Fatalf("other client: %d", rec.Code)
	}
	// an untrusted peer cannot dodge its count by writing X-Forwarded-For
	for i := 0; i < 3; i++ {
		hdr := map[string]string{"Authorization": "Bearer wrong", "X-Forwarded-For": "1.1.1." + string(rune('1'+i))}
		s.do(t, "GET", "/api/v1/me", hdr, "198.51.100.1:1234")
	}
	spoof := map[string]string{"Authorization": "Bearer wrong", "X-Forwarded-For": "9.9.9.9"}
	if rec := s.do(t, "GET", "/api/v1/me", spoof, "198.51.100.1:1234"); rec.Code != 429 {
		t.Fatalf("untrusted peer with a spoofed XFF: %d", rec.Code)
	}
	if !strings.Contains(s.do(t, "GET", "/metrics", nil, "").Body.String(), `harriet_rate_limited_total{limiter="auth_fail"}`) {
		t.Fatal("rate-limited requests are not counted")
	}
}

func TestAuthFailLimiterDirect(t *testing.T) {
	f := NewFailLimiter(2, nil)
	clock := time.Unix(1000, 0)
	f.now = func() time.Time { return clock }
	ip := netip.MustParseAddr("192.0.2.1")
	f.Fail(ip)
	if blocked, _ := f.Blocked(ip); blocked {
		t.Fatal("blocked after 1 of 2")
	}
	f.Fail(ip)
	blocked, wait := f.Blocked(ip)
	if !blocked || wait <= 0 || wait > 30*time.Second {
		t.Fatalf("after 2 of 2: %v %v", blocked, wait)
	}
	clock = clock.Add(wait)
	if blocked, _ := f.Blocked(ip); blocked {
		t.Fatal("still blocked after the wait")
	}
	// IPv6 clients count per /64
	f.Fail(netip.MustParseAddr("2001:db8:1:2::1"))
	f.Fail(netip.MustParseAddr("2001:db8:1:2::ffff"))
	if blocked, _ := f.Blocked(netip.MustParseAddr("2001:db8:1:2::abcd")); !blocked {
		t.Fatal("IPv6 /64 not counted together")
	}
	m := NewMetrics()
	off := NewFailLimiter(0, m)
	for range 100 {
		off.Fail(ip)
	}
	if blocked, _ := off.Blocked(ip); blocked {
		t.Fatal("limit 0 is not off")
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if !strings.Contains(rec.Body.String(), "\nharriet_auth_failures_total 100\n") {
		t.Fatal("with the limit off, failures are not counted")
	}
	var none *FailLimiter
	none.Fail(ip)
	if blocked, _ := none.Blocked(ip); blocked {
		t.Fatal("the nil limiter blocks")
	}
}

func TestSCIMLimiter(t *testing.T) {
	l := NewSCIMLimiter(2, nil) // burst 8
	clock := time.Unix(1000, 0)
	l.now = func() time.Time { return clock }
	for i := 0; i < 8; i++ {
		if ok, _ := l.Allow("acme"); !ok {
			t.Fatalf("request %d of the burst refused", i)
		}
	}
	ok, wait := l.Allow("acme")
	if ok || wait <= 0 || wait > time.Second {
		t.Fatalf("over the burst: %v %v", ok, wait)
	}
	if ok, _ := l.Allow("globex"); !ok {
		t.Fatal("another company limited")
	}
	clock = clock.Add(wait)
	if ok, _ := l.Allow("acme"); !ok {
		t.Fatal("still refused after the wait")
	}
	if ok, _ := NewSCIMLimiter(0, nil).Allow("acme"); !ok {
		t.Fatal("rate 0 is not off")
	}
}

func TestLimiterMapIsBounded(t *testing.T) {
	lm := newLimiterMap(1, 1, 100)
	now := time.Unix(1000, 0)
	for i := 0; i < 1000; i++ {
		lm.get(netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)}).String(), now).AllowN(now, 1)
	}
	if n := lm.len(); n > 100 {
		t.Fatalf("map grew to %d", n)
	}
}

func TestRecover(t *testing.T) {
	s := newStack(t, 0, "")
	rec := s.do(t, "GET", "/panic/1", nil, "")
	id := rec.Header().Get(HeaderRequestID)
	if rec.Code != 500 || id == "" || !strings.Contains(rec.Body.String(), id) {
		t.Fatalf("panic answer: %d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(s.logs.String(), "handler panicked") {
		t.Fatal("panic not logged")
	}
	if !strings.Contains(s.logs.String(), `"status":500`) {
		t.Fatal("the request line does not say 500")
	}
	if rec := s.do(t, "GET", "/api/v1/me", map[string]string{"Authorization": "Bearer " + goodToken}, ""); rec.Code != 200 {
		t.Fatalf("not serving after a panic: %d", rec.Code)
	}
}

func TestLogsNeverHoldCredentials(t *testing.T) {
	s := newStack(t, 10, "")
	secrets := []string{goodToken, "wrong-token-value", "good-session", "stale-session-id", "oidc-code-xyz", "state-abc"}
	s.do(t, "GET", "/api/v1/me?code=oidc-code-xyz&state=state-abc", map[string]string{"Authorization": "Bearer " + goodToken, "Cookie": "harriet_session=good-session"}, "")
	s.do(t, "GET", "/api/v1/me", map[string]string{"Authorization": "Bearer wrong-token-value"}, "")
	s.do(t, "GET", "/api/v1/me", map[string]string{"Authorization": "Basic d3Jvbmc6cGFzcw=="}, "")
	s.do(t, "GET", "/api/v1/me", map[string]string{"Cookie": "harriet_session=good-session"}, "")
	s.do(t, "GET", "/api/v1/me", map[string]string{"Cookie": "harriet_session=stale-session-id"}, "")
	s.do(t, "GET", "/scim/v2/Users/"+goodToken, nil, "")
	logs := s.logs.String()
	for _, sec := range append(secrets, "d3Jvbmc6cGFzcw==", "Authorization", "Bearer", "Cookie") {
		if strings.Contains(logs, sec) {
			t.Errorf("logs hold %q", sec)
		}
	}
	lines := strings.Split(strings.TrimSpace(logs), "\n")
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first["route"] != "/api/v1/me" || first["company"] != "c1" || first["status"] != float64(200) ||
		first["request_id"] == "" || first["duration_ms"] == nil || first["path"] != "/api/v1/me" {
		t.Fatalf("request line: %v", first)
	}
	if !strings.Contains(logs, `"company":"c2"`) {
		t.Fatal("session company not logged")
	}
	if !strings.Contains(logs, "authentication failed") {
		t.Fatal("failed authentication not logged")
	}
}

// Each malformed Authorization header is told what is wrong with it.
func TestMalformedAuthorizationSaysWhatIsWrong(t *testing.T) {
	auth := &Auth{Tokens: &fakeTokens{}}
	for header, says := range map[string]string{
		"Bearer":           "carries no token",
		"Bearer   ":        "carries no token",
		"Basic dXNlcjpwdw": "other authorization schemes are not accepted",
		"hrt_abc":          "other authorization schemes are not accepted",
	} {
		req := httptest.NewRequest("GET", "/api/v1/me", nil)
		req.Header.Set("Authorization", header)
		_, err := auth.Authenticate(req)
		if !core.IsKind(err, core.Unauthenticated) || !strings.Contains(core.MessageOf(err), says) {
			t.Errorf("Authorization %q: %v, want a message saying %q", header, err, says)
		}
	}
}
