package mysqlstore

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"time"

	"harriet/core"
	"harriet/ports"
)

// maxAttempts bounds how often a transaction is run when InnoDB picks it as a deadlock
// victim or a lock wait times out; after that the caller gets Unavailable.
const maxAttempts = 5

// Store is a ports.Store over the pool, or bound to one transaction inside InTx.
type Store struct {
	db *sql.DB
	tx *sql.Tx   // nil outside a transaction
	st *txStatus // shared by every call on tx
}

// txStatus remembers a retryable failure inside a transaction. After a deadlock
// InnoDB has already rolled the transaction back, so later statements would run on
// their own and commit piecemeal: once marked, the transaction refuses further calls
// and InTx runs fn again, even if fn swallowed the error.
type txStatus struct{ failed error }

var _ ports.Database = (*DB)(nil)

// Companies returns the company repository.
func (s *Store) Companies() ports.CompanyRepo { return companies{s} }

// Users returns the user repository.
func (s *Store) Users() ports.UserRepo { return users{s} }

// Groups returns the group repository.
func (s *Store) Groups() ports.GroupRepo { return groups{s} }

// Members returns the membership repository.
func (s *Store) Members() ports.MembershipRepo { return members{s} }

// Tokens returns the API token repository.
func (s *Store) Tokens() ports.TokenRepo { return tokens{s} }

// Integrations returns the Okta integration repository.
func (s *Store) Integrations() ports.IntegrationRepo { return integrations{s} }

// Audit returns the audit log.
func (s *Store) Audit() ports.AuditRepo { return audit{s} }

// Sessions returns the session repository.
func (s *Store) Sessions() ports.SessionRepo { return sessions{s} }

// InTx runs fn in one transaction, committing when it returns nil. A deadlock or lock
// wait timeout runs fn again, up to maxAttempts times, then answers Unavailable.
// Inside a transaction, InTx runs fn in that same transaction.
func (s *Store) InTx(ctx context.Context, fn func(tx ports.Store) error) error {
	return s.inTx(ctx, func(tx *Store) error { return fn(tx) })
}

// write runs fn in the current transaction, or in a new one (with retries).
func (s *Store) write(ctx context.Context, fn func(tx *Store) error) error {
	if s.tx != nil {
		return fn(s)
	}
	return s.inTx(ctx, fn)
}

func (s *Store) inTx(ctx context.Context, fn func(tx *Store) error) error {
	if s.tx != nil {
		return fn(s)
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var err error
	for attempt := 1; ; attempt++ {
		err = s.attempt(ctx, fn)
		if !isRetryable(err) || attempt >= maxAttempts || !pause(ctx, attempt) {
			return err
		}
	}
}

// attempt runs fn once in a fresh transaction.
func (s *Store) attempt(ctx context.Context, fn func(tx *Store) error) error {
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	tx := &Store{db: s.db, tx: sqlTx, st: &txStatus{}}
	err = fn(tx)
	if err == nil {
		err = tx.st.failed
	}
	if err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	return mapErr(sqlTx.Commit())
}

// pause waits a little, growing and jittered, before another attempt; false when ctx
// ends first.
func pause(ctx context.Context, attempt int) bool {
	d := time.Duration(attempt*attempt)*5*time.Millisecond + rand.N(10*time.Millisecond)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// fail maps err and, inside a transaction, marks it failed when the server already
// rolled it back.
func (s *Store) fail(err error) error {
	err = mapErr(err)
	if s.st != nil && isRetryable(err) && s.st.failed == nil {
		s.st.failed = err
	}
	return err
}

// usable refuses calls on a transaction the server already rolled back.
func (s *Store) usable() error {
	if s.st != nil && s.st.failed != nil {
		return s.st.failed
	}
	return nil
}

// exec runs a statement on the transaction, or on the pool as its own transaction,
// which is run again (a bounded number of times) when it was a deadlock victim.
func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := s.usable(); err != nil {
		return nil, err
	}
	if s.tx != nil {
		res, err := s.tx.ExecContext(ctx, query, args...)
		if err != nil {
			return nil, s.fail(err)
		}
		return res, nil
	}
	for attempt := 1; ; attempt++ {
		res, err := s.db.ExecContext(ctx, query, args...)
		if err == nil {
			return res, nil
		}
		err = mapErr(err)
		if !isRetryable(err) || attempt >= maxAttempts || !pause(ctx, attempt) {
			return nil, err
		}
	}
}

// affected runs a statement and returns how many rows it matched.
func (s *Store) affected(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := s.exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, s.fail(err)
	}
	return n, nil
}

// query runs a query and calls scan for each row.
func (s *Store) query(ctx context.Context, scan func(*sql.Rows) error, query string, args ...any) error {
	if err := s.usable(); err != nil {
		return err
	}
	var rows *sql.Rows
	var err error
	if s.tx != nil {
		rows, err = s.tx.QueryContext(ctx, query, args...)
	} else {
		rows, err = s.db.QueryContext(ctx, query, args...)
	}
	if err != nil {
		return s.fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return s.fail(err)
		}
	}
	return s.fail(rows.Err())
}

// one runs a query expected to return at most one row; missing is returned when
// there is none.
func (s *Store) one(ctx context.Context, missing error, scan func(*sql.Rows) error, query string, args ...any) error {
	found := false
	err := s.query(ctx, func(r *sql.Rows) error {
		found = true
		return scan(r)
	}, query, args...)
	if err != nil {
		return err
	}
	if !found {
		return missing
	}
	return nil
}

// column collects a one-column result.
func (s *Store) column(ctx context.Context, query string, args ...any) ([]string, error) {
	var out []string
	err := s.query(ctx, func(r *sql.Rows) error {
		var v string
		if err := r.Scan(&v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	}, query, args...)
	return out, err
}

// count runs a COUNT(*) query.
func (s *Store) count(ctx context.Context, query string, args ...any) (int, error) {
	var n int
	err := s.one(ctx, core.E(core.Internal, "COUNT returned no row"), func(r *sql.Rows) error {
		return r.Scan(&n)
	}, query, args...)
	return n, err
}
