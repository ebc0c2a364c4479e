package mysqlstore

import (
	"context"
	"database/sql"
	"time"

	"harriet/core"
	"harriet/ports"
)

// tokens is the TokenRepo. Only the SHA-256 of a token is stored; uq_tokens_hash
// finds it in any company.
type tokens struct{ s *Store }

const tokenCols = "id, company_id, name, scope, prefix, hash, created_by, created_at, last_used_at, revoked_at"

func collectTokens(out *[]core.Token) func(*sql.Rows) error {
	return func(r *sql.Rows) error {
		var t core.Token
		var used, revoked sql.NullTime
		if err := r.Scan(&t.ID, &t.CompanyID, &t.Name, &t.Scope, &t.Prefix, &t.Hash, &t.CreatedBy,
			&t.CreatedAt, &used, &revoked); err != nil {
			return err
		}
		t.LastUsedAt, t.RevokedAt = timePtr(used), timePtr(revoked)
		*out = append(*out, t)
		return nil
	}
}

// Create stores a new token.
func (r tokens) Create(ctx context.Context, t core.Token) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	_, err := r.s.exec(ctx, "INSERT INTO api_tokens ("+tokenCols+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		t.ID, t.CompanyID, t.Name, string(t.Scope), t.Prefix, t.Hash, t.CreatedBy, t.CreatedAt,
		nullTime(t.LastUsedAt), nullTime(t.RevokedAt))
	return err
}

func (r tokens) first(ctx context.Context, missing error, where string, args ...any) (core.Token, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var out []core.Token
	if err := r.s.one(ctx, missing, collectTokens(&out), "SELECT "+tokenCols+" FROM api_tokens WHERE "+where, args...); err != nil {
		return core.Token{}, err
	}
	return out[0], nil
}

// ByHash finds a token in any company by the SHA-256 of its secret.
func (r tokens) ByHash(ctx context.Context, hash []byte) (core.Token, error) {
	return r.first(ctx, core.E(core.NotFound, "No such API token."), "hash = ?", hash)
}

// Get finds a token by ID.
func (r tokens) Get(ctx context.Context, companyID, id string) (core.Token, error) {
	return r.first(ctx, notFound("API token", id), "company_id = ? AND id = ?", companyID, id)
}

// List returns the company's tokens in ID order.
func (r tokens) List(ctx context.Context, companyID string, q ports.TokenQuery) ([]core.Token, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	where, vals := "company_id = ?", []any{companyID}
	if q.CreatedBy != "" {
		where += " AND created_by = ?"
		vals = append(vals, q.CreatedBy)
	}
	if !q.IncludeRevoked {
		where += " AND revoked_at IS NULL"
	}
	var out []core.Token
	err := r.s.query(ctx, collectTokens(&out), "SELECT "+tokenCols+" FROM api_tokens WHERE "+where+" ORDER BY id", vals...)
	return out, err
}

// Revoke marks the token revoked; revoking again keeps the first time.
func (r tokens) Revoke(ctx context.Context, companyID, id string, at time.Time) error {
	return r.set(ctx, companyID, id, "revoked_at = COALESCE(revoked_at, ?)", at)
}

// Touch records a use.
func (r tokens) Touch(ctx context.Context, companyID, id string, at time.Time) error {
	return r.set(ctx, companyID, id, "last_used_at = ?", at)
}

func (r tokens) set(ctx context.Context, companyID, id, set string, at time.Time) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	n, err := r.s.affected(ctx, "UPDATE api_tokens SET "+set+" WHERE company_id = ? AND id = ?", at, companyID, id)
	if err == nil && n == 0 {
		return notFound("API token", id)
	}
	return err
}
