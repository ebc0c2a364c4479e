package scimapi_test

import (
	"testing"
	"time"
)

// BenchmarkUserListWithGroups is Okta's user import call, GET
// /Users?startIndex=1&count=100, when every user is in 15 groups of 10,000 members,
// beside the same call without groups (excludedAttributes=groups, and attributes
// naming other attributes), which reads no membership; not run in CI. Run once:
//
//	go test -run '^$' -bench BenchmarkUserListWithGroups -benchtime 1x ./adapters/scimapi/
//
// Reported: p50 and p99 of each in milliseconds (Okta's budget for the call is
// 600 ms) and the p99 ratio with groups / without groups, which is what listing
// each user's groups costs on top of the page itself.
func BenchmarkUserListWithGroups(b *testing.B) {
	const users, groups, samples = 10000, 15, 300
	e := newGWEnv(b)
	seedBenchGroups(b, e, users, groups)
	b.ResetTimer()
	var full, excluded, attrs []time.Duration
	for range b.N {
		full = append(full, timeGets(b, e, "/Users?startIndex=1&count=100", samples, 100)...)
		excluded = append(excluded, timeGets(b, e, "/Users?startIndex=1&count=100&excludedAttributes=groups", samples, 100)...)
		attrs = append(attrs, timeGets(b, e, "/Users?startIndex=1&count=100&attributes=userName,name,emails,active", samples, 100)...)
	}
	b.StopTimer()
	fp50, fp99 := percentiles(full)
	xp50, xp99 := percentiles(excluded)
	ap50, ap99 := percentiles(attrs)
	b.ReportMetric(fp50, "groups-p50-ms")
	b.ReportMetric(fp99, "groups-p99-ms")
	b.ReportMetric(xp50, "excluded-p50-ms")
	b.ReportMetric(xp99, "excluded-p99-ms")
	b.ReportMetric(ap50, "attrs-p50-ms")
	b.ReportMetric(ap99, "attrs-p99-ms")
	b.ReportMetric(fp99/xp99, "p99-groups/excluded")
}
