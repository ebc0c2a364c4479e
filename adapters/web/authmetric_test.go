package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"harriet/bootstrap"
)

// metricLine returns the line of a metric (name and labels) in /metrics.
func metricLine(t *testing.T, e *env, name string) string {
	t.Helper()
	body := newBrowser(t).get(e.pub + "/metrics").body
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, name+" ") {
			return line
		}
	}
	return ""
}

// A wrong password is a presented credential that did not authenticate: it counts
// in harriet_auth_failures_total as a bad API token does, through the limiter that
// answers 429, with the limit on and off. Refusals over the limit count as rate
// limited, not as failures: those passwords were never checked.
func TestFailedPasswordSignInsAreCounted(t *testing.T) {
	for _, limit := range []int{3, 0} {
		t.Run(fmt.Sprintf("limit %d", limit), func(t *testing.T) {
			e := newEnv(t, 1, func(c *bootstrap.Config) { c.AuthFailLimit = limit })
			e.newTenant("acme", "acme.test", startIdP(t), false)
			b := newBrowser(t)
			statuses := []int{}
			for _, email := range []string{"owner@acme.test", "owner@acme.test", "nobody@acme.test", "owner@acme.test", "owner@acme.test"} {
				statuses = append(statuses, b.passwordSignIn(e.pub, email, "wrong password").status)
			}
			failed, limited := 5, ""
			if limit > 0 {
				failed, limited = 3, `harriet_rate_limited_total{limiter="auth_fail"} 2`
			}
			for i, st := range statuses {
				want := http.StatusUnauthorized
				if i >= failed {
					want = http.StatusTooManyRequests
				}
				if st != want {
					t.Fatalf("attempt %d: %d, want %d (all: %v)", i+1, st, want, statuses)
				}
			}
			if got := metricLine(t, e, "harriet_auth_failures_total"); got != fmt.Sprintf("harriet_auth_failures_total %d", failed) {
				t.Fatalf("after %d wrong passwords: %q", failed, got)
			}
			if limited != "" && metricLine(t, e, `harriet_rate_limited_total{limiter="auth_fail"}`) != limited {
				t.Fatalf("refusals over the limit: %q", metricLine(t, e, `harriet_rate_limited_total{limiter="auth_fail"}`))
			}
			if limit == 0 {
				if st, _ := e.api(http.MethodGet, "/api/v1/me", "hrt_not-a-token", nil); st != http.StatusUnauthorized {
					t.Fatalf("a bad token: %d", st)
				}
				if got := metricLine(t, e, "harriet_auth_failures_total"); got != "harriet_auth_failures_total 6" {
					t.Fatalf("a bad API token and the passwords share the metric: %q", got)
				}
			}
		})
	}
}
