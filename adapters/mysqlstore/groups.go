package mysqlstore

import (
	"context"
	"database/sql"

	"harriet/core"
	"harriet/ports"
)

// groups is the GroupRepo. uq_groups_name makes displayName unique per company,
// compared exactly (core.NormGroupName).
type groups struct{ s *Store }

const groupCols = "id, company_id, display_name, external_id, managed_by_okta, okta_changed_at, " +
	"skipped_member_ids, version, created_at, updated_at"

// groupValues returns g's column values in groupCols order, then name_key.
func groupValues(g core.Group) ([]any, error) {
	skipped, err := toJSON(g.SkippedMemberIDs)
	if err != nil {
		return nil, err
	}
	return []any{g.ID, g.CompanyID, g.DisplayName, core.NormExternalID(g.ExternalID), g.ManagedByOkta,
		nullTime(g.OktaChangedAt), skipped, g.Version, g.CreatedAt, g.UpdatedAt,
		core.NormGroupName(g.DisplayName)}, nil
}

func collectGroups(out *[]core.Group) func(*sql.Rows) error {
	return func(r *sql.Rows) error {
		var g core.Group
		var changed sql.NullTime
		var skipped string
		if err := r.Scan(&g.ID, &g.CompanyID, &g.DisplayName, &g.ExternalID, &g.ManagedByOkta,
			&changed, &skipped, &g.Version, &g.CreatedAt, &g.UpdatedAt); err != nil {
			return err
		}
		g.OktaChangedAt = timePtr(changed)
		if err := fromJSON(skipped, &g.SkippedMemberIDs); err != nil {
			return err
		}
		*out = append(*out, g)
		return nil
	}
}

// Create stores a new group (Version 1 when zero).
func (r groups) Create(ctx context.Context, g core.Group) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if g.Version == 0 {
		g.Version = 1
	}
	vals, err := groupValues(g)
	if err != nil {
		return err
	}
	_, err = r.s.exec(ctx, "INSERT INTO user_groups ("+groupCols+", name_key) VALUES ("+
		placeholders(len(vals))+")", vals...)
	return err
}

// Get finds a group by ID.
func (r groups) Get(ctx context.Context, companyID, id string) (core.Group, error) {
	return r.first(ctx, notFound("group", id), "company_id = ? AND id = ?", companyID, id)
}

func (r groups) first(ctx context.Context, missing error, where string, args ...any) (core.Group, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var out []core.Group
	err := r.s.one(ctx, missing, collectGroups(&out), "SELECT "+groupCols+" FROM user_groups WHERE "+where, args...)
	if err != nil {
		return core.Group{}, err
	}
	return out[0], nil
}

// ByDisplayName finds the group with exactly this displayName.
func (r groups) ByDisplayName(ctx context.Context, companyID, displayName string) (core.Group, error) {
	return r.first(ctx, core.E(core.NotFound, "No group named %q in this company.", displayName),
		"company_id = ? AND name_key = ?", companyID, core.NormGroupName(displayName))
}

// ByExternalID lists the groups with exactly this externalId.
func (r groups) ByExternalID(ctx context.Context, companyID, externalID string) ([]core.Group, error) {
	return r.list(ctx, "company_id = ? AND external_id = ? ORDER BY id", companyID, core.NormExternalID(externalID))
}

func (r groups) list(ctx context.Context, where string, args ...any) ([]core.Group, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var out []core.Group
	err := r.s.query(ctx, collectGroups(&out), "SELECT "+groupCols+" FROM user_groups WHERE "+where, args...)
	return out, err
}

// Update locks the group's row, applies fn and saves it with Version bumped.
func (r groups) Update(ctx context.Context, companyID, id string, fn func(*core.Group) error) (core.Group, error) {
	var out core.Group
	err := r.s.write(ctx, func(tx *Store) error {
		g, err := groups{tx}.first(ctx, notFound("group", id), "company_id = ? AND id = ?"+forUpdate, companyID, id)
		if err != nil {
			return err
		}
		v := g.Version
		if err := fn(&g); err != nil {
			return err
		}
		g.ID, g.CompanyID, g.Version = id, companyID, v+1
		vals, err := groupValues(g)
		if err != nil {
			return err
		}
		ctx, cancel := withTimeout(ctx)
		defer cancel()
		_, err = tx.exec(ctx, `UPDATE user_groups SET display_name = ?, external_id = ?, managed_by_okta = ?,
			okta_changed_at = ?, skipped_member_ids = ?, version = ?, created_at = ?, updated_at = ?,
			name_key = ? WHERE company_id = ? AND id = ?`, args(vals[2:], []any{companyID, id})...)
		out = g
		return err
	})
	return out, err
}

// Delete removes the group and all its memberships, holding the group's lock so no
// push adds a member in between.
func (r groups) Delete(ctx context.Context, companyID, id string) error {
	return r.s.write(ctx, func(tx *Store) error {
		if err := lockGroup(ctx, tx, companyID, id); err != nil {
			return err
		}
		ctx, cancel := withTimeout(ctx)
		defer cancel()
		if _, err := tx.exec(ctx, "DELETE FROM group_members WHERE company_id = ? AND group_id = ?", companyID, id); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "DELETE FROM user_groups WHERE company_id = ? AND id = ?", companyID, id)
		return err
	})
}

// List pages through the company's groups in ID order.
func (r groups) List(ctx context.Context, companyID string, q ports.ListQuery) ([]core.Group, error) {
	cond, limit, condArgs, limitArgs := page("id", q)
	return r.list(ctx, "company_id = ?"+cond+limit, args([]any{companyID}, condArgs, limitArgs)...)
}

// Count counts the company's groups from the primary key.
func (r groups) Count(ctx context.Context, companyID string) (int, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	return r.s.count(ctx, "SELECT COUNT(*) FROM user_groups WHERE company_id = ?", companyID)
}

// lockGroup takes the group's row lock for the rest of tx: every membership change of
// a group holds it, so concurrent pushes to one group run one after the other.
func lockGroup(ctx context.Context, tx *Store, companyID, groupID string) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	return tx.one(ctx, notFound("group", groupID), func(*sql.Rows) error { return nil },
		"SELECT id FROM user_groups WHERE company_id = ? AND id = ?"+forUpdate, companyID, groupID)
}
