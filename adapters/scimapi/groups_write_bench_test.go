package scimapi_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"harriet/adapters/system"
	"harriet/core"
)

// BenchmarkGroupListExcludingMembers is Okta's group import call, GET
// /Groups?startIndex=1&count=100&excludedAttributes=members, with 15 groups of
// 10,000 members each, beside GET /Users with the same count; not run in CI. Run once:
//
//	go test -run '^$' -bench BenchmarkGroupListExcludingMembers -benchtime 1x ./adapters/scimapi/
//
// Reported: p50 and p99 of each (Okta's budget for the call is 600 ms) and the p99
// ratio groups/users; GET /Users also without groups, since every user here is in
// 15 groups and listing a user's groups is most of that call's cost.
func BenchmarkGroupListExcludingMembers(b *testing.B) {
	const users, groups, samples = 10000, 15, 300
	e := newGWEnv(b)
	seedBenchGroups(b, e, users, groups)
	b.ResetTimer()
	var groupTimes, userTimes, slimUserTimes []time.Duration
	for range b.N {
		groupTimes = append(groupTimes, timeGets(b, e, "/Groups?startIndex=1&count=100&excludedAttributes=members", samples, groups)...)
		userTimes = append(userTimes, timeGets(b, e, "/Users?startIndex=1&count=100", samples, 100)...)
		slimUserTimes = append(slimUserTimes, timeGets(b, e, "/Users?startIndex=1&count=100&excludedAttributes=groups", samples, 100)...)
	}
	b.StopTimer()
	gp50, gp99 := percentiles(groupTimes)
	up50, up99 := percentiles(userTimes)
	b.ReportMetric(gp50, "groups-p50-ms")
	b.ReportMetric(gp99, "groups-p99-ms")
	b.ReportMetric(up50, "users-p50-ms")
	b.ReportMetric(up99, "users-p99-ms")
	b.ReportMetric(gp99/up99, "p99-groups/users")
	_, sp99 := percentiles(slimUserTimes)
	b.ReportMetric(sp99, "users-nogroups-p99-ms")
	b.ReportMetric(gp99/sp99, "p99-groups/users-nogroups")
}

// seedBenchGroups stores users and groups whose members are every user, through
// the store (seeding is not measured).
func seedBenchGroups(b *testing.B, e *gwEnv, users, groups int) {
	ctx, now := context.Background(), system.Clock{}.Now()
	ids := make([]string, 0, users)
	for i := range users {
		ids = append(ids, e.user(fmt.Sprintf("bench%05d@acme.test", i)))
	}
	for g := range groups {
		grp := core.Group{ID: system.IDs{}.New(), CompanyID: e.company.ID, DisplayName: fmt.Sprintf("Bench Group %02d", g),
			ManagedByOkta: true, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := e.db.Groups().Create(ctx, grp); err != nil {
			b.Fatal(err)
		}
		for from := 0; from < len(ids); from += 1000 {
			if _, err := e.db.Members().Add(ctx, e.company.ID, grp.ID, ids[from:min(from+1000, len(ids))], now); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// timeGets sends n GETs and times each, checking the answer's size.
func timeGets(b *testing.B, e *gwEnv, path string, n, wantItems int) []time.Duration {
	out := make([]time.Duration, 0, n)
	for range n {
		start := time.Now()
		a := e.do(http.MethodGet, path, "")
		out = append(out, time.Since(start))
		if a.status != http.StatusOK || len(a.body["Resources"].([]any)) != wantItems {
			b.Fatalf("GET %s: %d", path, a.status)
		}
	}
	return out
}

// percentiles returns p50 and p99 in milliseconds.
func percentiles(ds []time.Duration) (float64, float64) {
	s := slices.Clone(ds)
	slices.Sort(s)
	at := func(q float64) float64 { return float64(s[int(q*float64(len(s)-1))].Microseconds()) / 1000 }
	return at(0.50), at(0.99)
}
