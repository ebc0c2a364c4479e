package boltstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"harriet/adapters/system"
	"harriet/core"
	"harriet/ports"
)

// TestConcurrentCreatesSurviveReopen has 16 goroutines create users at once; after
// Close and Open every acknowledged user is there and the indexes agree.
func TestConcurrentCreatesSurviveReopen(t *testing.T) {
	const workers, each = 16, 10
	db, path := openTemp(t)
	ctx := t.Context()
	cid := system.IDs{}.New()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var acked []core.User
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				u := testUser(cid, fmt.Sprintf("w%02d-u%02d@example.com", w, i))
				if err := db.Users().Create(ctx, u); err != nil {
					t.Errorf("create: %v", err)
					return
				}
				mu.Lock()
				acked = append(acked, u)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	must(t, db.Close())
	db2, err := Open(path, Options{})
	must(t, err)
	defer db2.Close()
	for _, u := range acked {
		got, err := db2.Users().ByUserName(ctx, cid, u.UserName)
		if err != nil || got.ID != u.ID {
			t.Fatalf("acknowledged user %s after reopen: %v %v", u.UserName, got.ID, err)
		}
	}
	n, err := db2.Users().Count(ctx, cid, false)
	must(t, err)
	list, err := db2.Users().List(ctx, cid, ports.ListQuery{})
	must(t, err)
	if n != workers*each || len(list) != workers*each {
		t.Fatalf("count %d, list %d, want %d", n, len(list), workers*each)
	}
}

func testUser(cid, userName string) core.User {
	now := system.Clock{}.Now()
	return core.User{ID: system.IDs{}.New(), CompanyID: cid, UserName: userName, Active: true,
		Emails: []core.Email{{Value: userName, Primary: true}}, CreatedAt: now, UpdatedAt: now}
}

// TestBatchIsolatesFailures puts failing, panicking and good functions into one
// batch: each caller gets its own answer and only the good writes commit.
func TestBatchIsolatesFailures(t *testing.T) {
	db, _ := openTemp(t)
	bad := errors.New("bad function")
	fns := make([]func(*bolt.Tx) error, 0, 12)
	want := make([]error, 0, 12)
	for i := range 12 {
		k := []byte(fmt.Sprintf("key-%02d", i))
		switch i % 4 {
		case 1: // writes, then fails: its write must not commit
			fns = append(fns, func(tx *bolt.Tx) error { _ = tx.Bucket(bMeta).Put(k, []byte("x")); return bad })
			want = append(want, bad)
		case 3: // writes, then panics
			fns = append(fns, func(tx *bolt.Tx) error { _ = tx.Bucket(bMeta).Put(k, []byte("x")); panic("boom") })
			want = append(want, errPanicked)
		default:
			fns = append(fns, func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(k, []byte("ok")) })
			want = append(want, nil)
		}
	}
	errs := runOneBatch(t, db, fns)
	for i, err := range errs {
		switch {
		case want[i] == nil && err != nil, want[i] == bad && !errors.Is(err, bad),
			want[i] == errPanicked && !core.IsKind(err, core.Internal):
			t.Fatalf("function %d answered %v, want %v", i, err, want[i])
		}
	}
	must(t, db.bolt.View(func(tx *bolt.Tx) error {
		for i := range 12 {
			v := tx.Bucket(bMeta).Get([]byte(fmt.Sprintf("key-%02d", i)))
			if (want[i] == nil) != (string(v) == "ok") || (want[i] != nil && v != nil) {
				t.Errorf("key %d holds %q after the batch", i, v)
			}
		}
		return nil
	}))
	must(t, db.Ping(t.Context())) // the committer survived the panic
}

var errPanicked = errors.New("panicked")

// runOneBatch queues fns while the committer is held inside another transaction, so
// that they are all taken as one batch, and returns each one's answer.
func runOneBatch(t *testing.T, db *DB, fns []func(*bolt.Tx) error) []error {
	t.Helper()
	hold, holding := make(chan struct{}), make(chan struct{})
	go func() {
		_ = db.com.submit(context.Background(), func(*bolt.Tx) error {
			close(holding)
			<-hold
			return nil
		})
	}()
	<-holding
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	var queued atomic.Int32
	for i, fn := range fns {
		wg.Go(func() {
			queued.Add(1)
			errs[i] = db.com.submit(context.Background(), fn)
		})
	}
	for queued.Load() < int32(len(fns)) || len(db.com.queue) < len(fns) {
		time.Sleep(time.Millisecond)
	}
	close(hold)
	wg.Wait()
	return errs
}

// TestCancelledWhileQueued: a caller whose context ends while its write waits in the
// queue gets an error, and the write never happens.
func TestCancelledWhileQueued(t *testing.T) {
	db, _ := openTemp(t)
	hold, holding := make(chan struct{}), make(chan struct{})
	go func() {
		_ = db.com.submit(context.Background(), func(*bolt.Tx) error { close(holding); <-hold; return nil })
	}()
	<-holding
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- db.com.submit(ctx, func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put([]byte("late"), []byte("x")) })
	}()
	for len(db.com.queue) == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	err := <-done
	if !core.IsKind(err, core.Unavailable) || !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled queued write answered %v", err)
	}
	close(hold)
	must(t, db.Close())
	db2, err := Open(db.Path(), Options{})
	must(t, err)
	defer db2.Close()
	must(t, db2.bolt.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bMeta).Get([]byte("late")); v != nil {
			t.Error("a withdrawn write was committed")
		}
		return nil
	}))
}
