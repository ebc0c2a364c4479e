package mysqlstore

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// users is the UserRepo. uq_users_user_name and uq_users_email make the normalised
// userName and primary email unique per company among users that are not deleted.
type users struct{ s *Store }

const liveUser = " AND deleted_at IS NULL"

// Create stores a new user as given (Version 1 when zero).
func (r users) Create(ctx context.Context, u core.User) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if u.Version == 0 {
		u.Version = 1
	}
	vals, err := userValues(u)
	if err != nil {
		return err
	}
	_, err = r.s.exec(ctx, "INSERT INTO users ("+userCols+", user_name_key, email_key) VALUES ("+
		placeholders(len(vals))+")", vals...)
	return err
}

// Get finds a user that is not deleted.
func (r users) Get(ctx context.Context, companyID, id string) (core.User, error) {
	return r.get(ctx, companyID, id, "")
}

func (r users) get(ctx context.Context, companyID, id, lock string) (core.User, error) {
	return r.first(ctx, notFound("user", id), "company_id = ? AND id = ?"+liveUser+lock, companyID, id)
}

// first returns the one live user matching where.
func (r users) first(ctx context.Context, missing error, where string, args ...any) (core.User, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var out []core.User
	err := r.s.one(ctx, missing, collectUsers(&out), "SELECT "+userCols+" FROM users WHERE "+where, args...)
	if err != nil {
		return core.User{}, err
	}
	return out[0], nil
}

// ByUserName finds the live user whose userName matches case-insensitively.
func (r users) ByUserName(ctx context.Context, companyID, userName string) (core.User, error) {
	return r.first(ctx, core.E(core.NotFound, "No user with userName %q in this company.", userName),
		"company_id = ? AND user_name_key = ?", companyID, core.NormUserName(userName))
}

// ByEmail finds the live user whose primary email matches case-insensitively.
func (r users) ByEmail(ctx context.Context, companyID, email string) (core.User, error) {
	return r.first(ctx, core.E(core.NotFound, "No user with email %q in this company.", email),
		"company_id = ? AND email_key = ?", companyID, core.NormEmail(email))
}

// ByExternalID lists the live users with this exact externalId.
func (r users) ByExternalID(ctx context.Context, companyID, externalID string) ([]core.User, error) {
	return r.list(ctx, "company_id = ? AND external_id = ?"+liveUser+" ORDER BY id",
		companyID, core.NormExternalID(externalID))
}

// ByEmailAnyCompany lists the live users whose primary email is email, in every company.
func (r users) ByEmailAnyCompany(ctx context.Context, email string) ([]core.User, error) {
	return r.list(ctx, "email_key = ? ORDER BY id", core.NormEmail(email))
}

func (r users) list(ctx context.Context, where string, args ...any) ([]core.User, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var out []core.User
	err := r.s.query(ctx, collectUsers(&out), "SELECT "+userCols+" FROM users WHERE "+where, args...)
	return out, err
}

// Update locks the user's row, applies fn, and saves it with its keys re-indexed and
// Version bumped. Setting DeletedAt in fn soft-deletes (and frees the keys).
func (r users) Update(ctx context.Context, companyID, id string, fn func(*core.User) error) (core.User, error) {
	var out core.User
	err := r.s.write(ctx, func(tx *Store) error {
		u, err := users{tx}.get(ctx, companyID, id, forUpdate)
		if err != nil {
			return err
		}
		v := u.Version
		if err := fn(&u); err != nil {
			return err
		}
		u.ID, u.CompanyID, u.Version = id, companyID, v+1
		vals, err := userValues(u)
		if err != nil {
			return err
		}
		ctx, cancel := withTimeout(ctx)
		defer cancel()
		_, err = tx.exec(ctx, `UPDATE users SET user_name = ?, external_id = ?, active = ?, source = ?,
			profile = ?, version = ?, created_at = ?, updated_at = ?, deleted_at = ?, user_name_key = ?,
			email_key = ? WHERE company_id = ? AND id = ?`, args(vals[2:], []any{companyID, id})...)
		out = u
		return err
	})
	return out, err
}

// List pages through the company's users in ID order.
func (r users) List(ctx context.Context, companyID string, q ports.ListQuery) ([]core.User, error) {
	cond, limit, condArgs, limitArgs := page("id", q)
	if !q.IncludeDeleted {
		cond += liveUser
	}
	return r.list(ctx, "company_id = ?"+cond+limit, args([]any{companyID}, condArgs, limitArgs)...)
}

// Count counts the company's users from the (company_id, deleted_at) index.
func (r users) Count(ctx context.Context, companyID string, includeDeleted bool) (int, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	q := "SELECT COUNT(*) FROM users WHERE company_id = ?"
	if !includeDeleted {
		q += liveUser
	}
	return r.s.count(ctx, q, companyID)
}
