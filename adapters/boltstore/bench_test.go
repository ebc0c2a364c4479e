package boltstore

// Benchmarks only: run them by hand, never in CI, e.g.
//
//	go test -run '^$' -bench . -benchtime 2s ./adapters/boltstore/
//
// BenchmarkRawBoltOneTxPerRecord is the baseline the issue sets: raw bbolt on the
// same disk, one fsync'd transaction per record of the size a stored user has.
// BenchmarkStoreCreateUser is the store's create path with 1 and 8 concurrent
// writers; the ratio of its records/s to the baseline's is the figure to report.

import (
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"harriet/adapters/system"
	"harriet/core"
	"harriet/ports"
)

// benchUser is a user of the shape Okta provisions.
func benchUser(cid string, n int64) core.User {
	now := system.Clock{}.Now()
	email := fmt.Sprintf("user%08d@example.com", n)
	return core.User{ID: system.IDs{}.New(), CompanyID: cid, UserName: email, ExternalID: fmt.Sprintf("00u%013d", n),
		Name:   core.Name{GivenName: "Given", FamilyName: fmt.Sprintf("Family%d", n)},
		Emails: []core.Email{{Value: email, Type: "work", Primary: true}}, DisplayName: "Given Family",
		Locale: "en_US", Active: true, Source: core.SourceSCIM, Version: 1, CreatedAt: now, UpdatedAt: now}
}

func reportRate(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkRawBoltOneTxPerRecord(b *testing.B) {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600, boltOptions(Options{}))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("users")); return err }); err != nil {
		b.Fatal(err)
	}
	cid := system.IDs{}.New()
	val, _ := encodeUser(benchUser(cid, 1))
	b.SetBytes(int64(len(val)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := key(cid, system.IDs{}.New())
		if err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("users")).Put(k, val) }); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b)
}

func BenchmarkStoreCreateUser(b *testing.B) {
	for _, writers := range []int{1, 8} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			benchWriters(b, writers, func(st ports.Store, u core.User) error { return st.Users().Create(b.Context(), u) })
		})
	}
	// the SCIM create path: the user and its audit entry in one transaction
	b.Run("writers=8/with-audit", func(b *testing.B) {
		benchWriters(b, 8, func(st ports.Store, u core.User) error {
			return st.InTx(b.Context(), func(tx ports.Store) error {
				if err := tx.Users().Create(b.Context(), u); err != nil {
					return err
				}
				return tx.Audit().Append(b.Context(), core.AuditEntry{ID: system.IDs{}.New(), CompanyID: u.CompanyID,
					At: u.CreatedAt, Action: "scim.user.create", Actor: core.Ref{Kind: core.ActorToken, ID: "tok"},
					Target: core.Ref{Kind: "user", ID: u.ID, Name: u.UserName}, RequestID: "req"})
			})
		})
	})
}

// benchWriters runs b.N creates split among writers goroutines.
func benchWriters(b *testing.B, writers int, create func(ports.Store, core.User) error) {
	db, err := Open(filepath.Join(b.TempDir(), "store.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cid := system.IDs{}.New()
	val, _ := encodeUser(benchUser(cid, 1))
	b.SetBytes(int64(len(val)))
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	for range writers {
		wg.Go(func() {
			for n := next.Add(1); n <= int64(b.N); n = next.Add(1) {
				if err := create(db, benchUser(cid, n)); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	reportRate(b)
	if n := db.com.commits.Load(); n > 0 {
		b.ReportMetric(float64(db.com.written.Load())/float64(n), "writes/commit")
	}
}

// BenchmarkInterleavedRatio measures raw bbolt (one transaction per record) and the
// store (8 writers) in alternating rounds of the same size, so that the ratio is not
// skewed by the disk's latency drifting between two separate benchmarks.
func BenchmarkInterleavedRatio(b *testing.B) {
	const round = 400
	raw, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600, boltOptions(Options{}))
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	if err := raw.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("users")); return err }); err != nil {
		b.Fatal(err)
	}
	db, err := Open(filepath.Join(b.TempDir(), "store.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	cid := system.IDs{}.New()
	val, _ := encodeUser(benchUser(cid, 1))
	var rawTime, storeTime time.Duration
	var n atomic.Int64
	for i := 0; i < b.N; i++ {
		start := time.Now()
		for range round {
			k := key(cid, system.IDs{}.New())
			if err := raw.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("users")).Put(k, val) }); err != nil {
				b.Fatal(err)
			}
		}
		rawTime += time.Since(start)
		start = time.Now()
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for range round / 8 {
					if err := db.Users().Create(b.Context(), benchUser(cid, n.Add(1))); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		storeTime += time.Since(start)
	}
	records := float64(b.N * round)
	b.ReportMetric(records/rawTime.Seconds(), "raw-records/s")
	b.ReportMetric(records/storeTime.Seconds(), "store8-records/s")
	b.ReportMetric(rawTime.Seconds()/storeTime.Seconds(), "ratio")
}
