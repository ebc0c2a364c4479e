package mysqlstore

import (
	"context"
	"database/sql"
	"time"

	"harriet/core"
)

// sessions is the SessionRepo, keyed by the SHA-256 of the session ID, with an index
// on (company, user) so deactivation ends a user's sessions on every node at once.
type sessions struct{ s *Store }

const sessionCols = "hash, company_id, user_id, method, created_at, last_seen_at, expires_at"

var errNoSession = core.E(core.NotFound, "No such session.")

// Create stores a new session.
func (r sessions) Create(ctx context.Context, s core.Session) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := r.s.exec(ctx, "INSERT INTO sessions ("+sessionCols+") VALUES (?, ?, ?, ?, ?, ?, ?)",
		s.Hash, s.CompanyID, s.UserID, s.Method, s.CreatedAt, s.LastSeenAt, s.ExpiresAt)
	return err
}

// ByHash finds a session by the SHA-256 of its ID.
func (r sessions) ByHash(ctx context.Context, hash []byte) (core.Session, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var s core.Session
	err := r.s.one(ctx, errNoSession, func(row *sql.Rows) error {
		return row.Scan(&s.Hash, &s.CompanyID, &s.UserID, &s.Method, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt)
	}, "SELECT "+sessionCols+" FROM sessions WHERE hash = ?", hash)
	return s, err
}

// Touch records activity.
func (r sessions) Touch(ctx context.Context, hash []byte, at time.Time) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	n, err := r.s.affected(ctx, "UPDATE sessions SET last_seen_at = ? WHERE hash = ?", at, hash)
	if err == nil && n == 0 {
		return errNoSession
	}
	return err
}

// Delete ends a session; NotFound when there is none (it already ended).
func (r sessions) Delete(ctx context.Context, hash []byte) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	n, err := r.s.affected(ctx, "DELETE FROM sessions WHERE hash = ?", hash)
	if err == nil && n == 0 {
		return errNoSession
	}
	return err
}

// DeleteForUser ends every session of a user and returns how many ended.
func (r sessions) DeleteForUser(ctx context.Context, companyID, userID string) (int, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	n, err := r.s.affected(ctx, "DELETE FROM sessions WHERE company_id = ? AND user_id = ?", companyID, userID)
	return int(n), err
}
