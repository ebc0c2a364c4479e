package mysqlstore

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"harriet/core"
)

// BenchmarkCreateRate compares Users().Create with raw single-row INSERTs of a row of
// the same size, on the same server, pool and driver settings, at 1 and 8 concurrent
// writers; each write is its own durable commit. Report the rows/s ratio store/raw.
// Not run by `make test`:
//
//	HARRIET_TEST_MYSQL_DSN='root@tcp(127.0.0.1:3306)/' go test -run '^$' -bench CreateRate ./adapters/mysqlstore/
func BenchmarkCreateRate(b *testing.B) {
	d := migrated(b)
	ctx := context.Background()
	if _, err := d.db.ExecContext(ctx, `CREATE TABLE bench_raw (company_id VARBINARY(64) NOT NULL,
		id VARBINARY(64) NOT NULL, payload LONGTEXT NOT NULL, PRIMARY KEY (company_id, id))`); err != nil {
		b.Fatal(err)
	}
	c := mkCompany(b, d, "bench")
	sample := benchUser(c.ID)
	vals, err := userValues(sample)
	if err != nil {
		b.Fatal(err)
	}
	payload := strings.Repeat("x", len(vals[6].(string))+100) // profile JSON plus the indexed columns
	for _, writers := range []int{1, 8} {
		b.Run(fmt.Sprintf("raw/writers=%d", writers), func(b *testing.B) {
			runWriters(b, writers, func() error {
				_, err := d.db.ExecContext(ctx, "INSERT INTO bench_raw (company_id, id, payload) VALUES (?, ?, ?)",
					c.ID, newID(), payload)
				return err
			})
		})
		// the same INSERT the store sends, values made beforehand: the schema's cost
		b.Run(fmt.Sprintf("raw-users-table/writers=%d", writers), func(b *testing.B) {
			rows := make(chan []any, b.N)
			for range b.N {
				v, _ := userValues(benchUser(c.ID))
				rows <- v
			}
			runWriters(b, writers, func() error {
				v := <-rows
				_, err := d.db.ExecContext(ctx, "INSERT INTO users ("+userCols+", user_name_key, email_key) VALUES ("+
					placeholders(len(v))+")", v...)
				return err
			})
		})
		b.Run(fmt.Sprintf("store/writers=%d", writers), func(b *testing.B) {
			runWriters(b, writers, func() error { return d.Users().Create(ctx, benchUser(c.ID)) })
		})
	}
}

// runWriters shares b.N writes among n goroutines and reports rows per second.
func runWriters(b *testing.B, n int, write func() error) {
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for range n {
		wg.Go(func() {
			for next.Add(1) <= int64(b.N) {
				if err := write(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// benchUser is a user shaped like an Okta SCIM create.
func benchUser(cid string) core.User {
	id := newID()
	u := mkUser(cid, "user."+id+"@acme.com", "user."+id+"@acme.com")
	u.Name = core.Name{GivenName: "Given", FamilyName: "Family", Formatted: "Given Family"}
	u.DisplayName, u.Locale, u.Title, u.Source = "Given Family", "en-US", "Engineer", core.SourceSCIM
	u.ExternalID = "00u" + strings.ReplaceAll(id, "-", "")[:17]
	u.PhoneNumbers = []core.MultiValue{{Value: "+1 555 0100", Type: "work", Primary: true}}
	u.Enterprise = &core.EnterpriseUser{EmployeeNumber: "1234", Department: "R&D", Organization: "Acme"}
	return u
}

// BenchmarkCreateRatio measures the same two workloads in alternating rounds, so a
// change of load on the machine affects both sides alike, and reports the ratio.
// Run it with -benchtime 1x.
func BenchmarkCreateRatio(b *testing.B) {
	d := migrated(b)
	ctx := context.Background()
	if _, err := d.db.ExecContext(ctx, `CREATE TABLE bench_raw (company_id VARBINARY(64) NOT NULL,
		id VARBINARY(64) NOT NULL, payload LONGTEXT NOT NULL, PRIMARY KEY (company_id, id))`); err != nil {
		b.Fatal(err)
	}
	c := mkCompany(b, d, "bench")
	vals, _ := userValues(benchUser(c.ID))
	payload := strings.Repeat("x", len(vals[6].(string))+100)
	raw := func() error {
		_, err := d.db.ExecContext(ctx, "INSERT INTO bench_raw (company_id, id, payload) VALUES (?, ?, ?)", c.ID, newID(), payload)
		return err
	}
	store := func() error { return d.Users().Create(ctx, benchUser(c.ID)) }
	for _, writers := range []int{1, 8} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			const rounds, perRound = 5, 400
			var rawTime, storeTime time.Duration
			for range rounds {
				rawTime += timeWrites(b, writers, perRound, raw)
				storeTime += timeWrites(b, writers, perRound, store)
			}
			n := float64(rounds * perRound)
			b.ReportMetric(n/rawTime.Seconds(), "raw-rows/s")
			b.ReportMetric(n/storeTime.Seconds(), "store-rows/s")
			b.ReportMetric(rawTime.Seconds()/storeTime.Seconds(), "store/raw")
		})
	}
}

// timeWrites makes n writes with the given number of goroutines and returns how long
// they took.
func timeWrites(b *testing.B, writers, n int, write func() error) time.Duration {
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range writers {
		wg.Go(func() {
			for next.Add(1) <= int64(n) {
				if err := write(); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	return time.Since(start)
}
