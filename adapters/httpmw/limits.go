package httpmw

import (
	"math"
	"net/netip"
	"time"

	"golang.org/x/time/rate"
)

// FailLimiter is where every failed authentication is recorded, whatever the
// credential (an API token, a password): it counts it in
// harriet_auth_failures_total and limits failures per client IP (--auth-fail-limit
// per minute), a bucket of that many failures that refills over a minute. A client
// over the limit is refused (see Auth for which credentials). The nil *FailLimiter
// records and limits nothing.
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
// Its caller (the password form) refuses the request when it is, so the refusal is
// counted here, in harriet_rate_limited_total{limiter="auth_fail"}.
func (f *FailLimiter) Blocked(ip netip.Addr) (bool, time.Duration) {
	if wait := f.waitOf(ip); wait > 0 {
		f.refused()
		return true, wait
	}
	return false, 0
}

// waitOf is how long the client must wait before it is under the limit again; 0
// when it is under it now.
func (f *FailLimiter) waitOf(ip netip.Addr) time.Duration {
	if f == nil || f.buckets == nil {
		return 0
	}
	l := f.buckets.peek(limitKey(ip))
	if l == nil {
		return 0
	}
	return max(waitFor(l, f.now()), 0)
}

// refused counts one request refused for being over the limit.
func (f *FailLimiter) refused() {
	if f != nil {
		f.metrics.RateLimited("auth_fail")
	}
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

func tooManyFailures(wait time.Duration) string {
	return "Too many failed authentications from your address. Try again in " + InSeconds(wait) + "."
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
