package httpmw

import (
	"fmt"
	"math"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// FailLimiter is where every failed authentication is recorded, whatever the
// credential (an API token, a password): it counts it in
// harriet_auth_failures_total and limits failures per client IP (--auth-fail-limit
// per minute), a bucket of that many failures that refills over a minute. A client
// over the limit is refused before its credential is even checked. The nil
// *FailLimiter records and limits nothing.
type FailLimiter struct {
	buckets *limiterMap // nil: no limit (--auth-fail-limit 0), failures still counted
	metrics *Metrics
	now     func() time.Time
}

// NewFailLimiter limits each client IP to perMinute failed authentications per
// minute; 0 turns the limit off but still counts failures in m. m may be nil.
func NewFailLimiter(perMinute int, m *Metrics) *FailLimiter {
	f := &FailLimiter{metrics: m, now: time.Now}
	if perMinute > 0 {
		f.buckets = newLimiterMap(rate.Limit(float64(perMinute)/60), perMinute, defaultMaxKeys)
	}
	return f
}

// Blocked reports whether the client is over the limit and how long it must wait.
// Every caller refuses the request when it is (the API, SCIM, the password form),
// so the refusal is counted here, in harriet_rate_limited_total{limiter="auth_fail"}.
func (f *FailLimiter) Blocked(ip netip.Addr) (bool, time.Duration) {
	if f == nil || f.buckets == nil {
		return false, 0
	}
	l := f.buckets.peek(limitKey(ip))
	if l == nil {
		return false, 0
	}
	if wait := waitFor(l, f.now()); wait > 0 {
		f.metrics.RateLimited("auth_fail")
		return true, wait
	}
	return false, 0
}

// Fail records one failed authentication of the client: in the metric, and
// against its limit.
func (f *FailLimiter) Fail(ip netip.Addr) {
	if f == nil {
		return
	}
	f.metrics.AuthFailed()
	if f.buckets == nil {
		return
	}
	now := f.now()
	f.buckets.get(limitKey(ip), now).AllowN(now, 1)
}

// Gate refuses, with 429 rate_limited and Retry-After, every request under the
// path prefixes from a client that is over the limit, before any handler looks at
// its credential.
func (f *FailLimiter) Gate(prefixes ...string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if f != nil && hasAnyPrefix(r.URL.Path, prefixes) {
				if blocked, wait := f.Blocked(ClientIPFrom(r.Context())); blocked {
					SetRetryAfter(w, wait)
					WriteError(w, r, http.StatusTooManyRequests, "rate_limited", tooManyFailures(wait))
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

func tooManyFailures(wait time.Duration) string {
	return fmt.Sprintf("Too many failed authentications from your address. Try again in %d seconds.", RetryAfterSeconds(wait))
}

func hasAnyPrefix(p string, prefixes []string) bool {
	for _, pre := range prefixes {
		if strings.HasPrefix(p, pre) {
			return true
		}
	}
	return false
}

// SCIMLimiter limits SCIM requests per company on this node (--scim-rate per
// second, burst 4×). The nil *SCIMLimiter limits nothing. It implements the
// Limiter that adapters/scimapi takes.
type SCIMLimiter struct {
	buckets *limiterMap
	metrics *Metrics
	now     func() time.Time
}

// NewSCIMLimiter allows perSecond requests per company with a burst of four
// seconds' worth; 0 turns the limit off (nil). m may be nil.
func NewSCIMLimiter(perSecond float64, m *Metrics) *SCIMLimiter {
	if perSecond <= 0 {
		return nil
	}
	burst := int(math.Ceil(4 * perSecond))
	return &SCIMLimiter{buckets: newLimiterMap(rate.Limit(perSecond), burst, defaultMaxKeys), metrics: m, now: time.Now}
}

// Allow takes one request from the company's bucket, or says how long to wait.
func (s *SCIMLimiter) Allow(companyID string) (bool, time.Duration) {
	if s == nil {
		return true, 0
	}
	now := s.now()
	l := s.buckets.get(companyID, now)
	if l.AllowN(now, 1) {
		return true, 0
	}
	s.metrics.RateLimited("scim")
	return false, waitFor(l, now)
}
