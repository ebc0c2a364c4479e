package boltstore

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"

	"harriet/core"
)

// The committer groups concurrent writes into shared transactions. One goroutine
// takes the first queued write, drains whatever else is already queued (up to
// maxBatch), runs them all in one bbolt Update (one fsync) and answers each caller
// only after the commit. There is no timer: batches grow by themselves while the
// previous fsync runs, so a lone writer pays one fsync and many writers share them.
// (bbolt's DB.Batch waits 10 ms for company, which is slower than not grouping at
// all at the concurrency an Okta push brings.)

// Request states: a waiting caller may withdraw only a request not yet taken.
const (
	reqPending int32 = iota
	reqTaken
	reqCancelled
)

type request struct {
	fn    func(*bolt.Tx) error
	state atomic.Int32
	done  chan error // buffered: the committer never blocks on a caller
}

type committer struct {
	db       *bolt.DB
	queue    chan *request
	maxBatch int

	commits atomic.Int64 // transactions committed, for the batching figures
	written atomic.Int64 // functions committed in them

	mu     sync.RWMutex // held shared while enqueuing, exclusively to close
	closed bool
	stop   chan struct{}
	exited chan struct{}
}

func newCommitter(db *bolt.DB, maxBatch int) *committer {
	c := &committer{
		db:       db,
		queue:    make(chan *request, 4*maxBatch),
		maxBatch: maxBatch,
		stop:     make(chan struct{}),
		exited:   make(chan struct{}),
	}
	go c.run()
	return c
}

var errClosed = core.E(core.Unavailable, "The store is closed; the service is shutting down.")

// submit queues fn and waits for the commit of its transaction. A caller whose ctx
// ends while fn still waits in the queue withdraws it; once fn is taken, the caller
// waits for the answer, so an error never hides a write that committed.
func (c *committer) submit(ctx context.Context, fn func(*bolt.Tx) error) error {
	r := &request{fn: fn, done: make(chan error, 1)}
	c.mu.RLock()
	if c.closed {
		c.mu.RUnlock()
		return errClosed
	}
	select {
	case c.queue <- r:
		c.mu.RUnlock()
	case <-ctx.Done():
		c.mu.RUnlock()
		return ctxErr(ctx.Err())
	}
	select {
	case err := <-r.done:
		return err
	case <-ctx.Done():
		if r.state.CompareAndSwap(reqPending, reqCancelled) {
			return ctxErr(ctx.Err())
		}
		return <-r.done
	}
}

// close stops accepting writes, commits those already queued and waits for the
// committer to end.
func (c *committer) close() {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		close(c.stop)
	}
	c.mu.Unlock()
	<-c.exited
}

func (c *committer) run() {
	defer close(c.exited)
	for {
		select {
		case r := <-c.queue:
			c.commit(c.collect(r))
		case <-c.stop:
			c.drain()
			return
		}
	}
}

// drain commits what was queued before close; nothing can be queued after it.
func (c *committer) drain() {
	for {
		select {
		case r := <-c.queue:
			c.commit(c.collect(r))
		default:
			return
		}
	}
}

// collect takes first and whatever else is queued now, up to maxBatch, skipping
// requests whose callers gave up.
func (c *committer) collect(first *request) []*request {
	batch := make([]*request, 0, 8)
	if first.state.CompareAndSwap(reqPending, reqTaken) {
		batch = append(batch, first)
	}
	for len(batch) < c.maxBatch {
		select {
		case r := <-c.queue:
			if r.state.CompareAndSwap(reqPending, reqTaken) {
				batch = append(batch, r)
			}
		default:
			return batch
		}
	}
	return batch
}

// errFnFailed aborts a batch transaction after one of its functions failed.
var errFnFailed = errors.New("boltstore: a function of the batch failed")

// commit runs the batch in one transaction. When a function fails, the transaction
// is rolled back and run again without it, so its partial writes never commit and
// the others are not affected; its error goes to its caller alone. Functions that
// ran before the failing one see the same state again, so they succeed again.
func (c *committer) commit(batch []*request) {
	if len(batch) == 0 {
		return
	}
	errs := make([]error, len(batch))
	for left := len(batch); left > 0; left-- {
		failed := false
		err := c.db.Update(func(tx *bolt.Tx) error {
			for i, r := range batch {
				if errs[i] != nil {
					continue
				}
				if err := call(r.fn, tx); err != nil {
					errs[i], failed = err, true
					return errFnFailed
				}
			}
			return nil
		})
		if failed {
			continue
		}
		if err == nil {
			c.commits.Add(1)
			c.written.Add(int64(left))
		}
		for i, r := range batch {
			if errs[i] == nil {
				errs[i] = boltErr(err) // nil when the commit succeeded
			}
			r.done <- errs[i]
		}
		return
	}
	for i, r := range batch { // every function failed: nothing to commit
		r.done <- errs[i]
	}
}

// call runs fn, turning a panic into an error for its caller: one bad function must
// not take down the committer and every writer behind it.
func call(fn func(*bolt.Tx) error, tx *bolt.Tx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = core.Wrap(core.Internal, fmt.Errorf("panic in store transaction: %v\n%s", p, debug.Stack()),
				"The store failed while applying a change; nothing was changed.")
		}
	}()
	return fn(tx)
}
