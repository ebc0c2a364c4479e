package mysqlstore

import (
	"context"
	"database/sql"
	"time"

	"harriet/core"
	"harriet/ports"
)

// members is the MembershipRepo: one group_members row per membership, keyed
// (company, group, user) with a reverse index (company, user, group), so a push costs
// the size of its change and both directions always agree.
type members struct{ s *Store }

// Add inserts the memberships that do not exist yet, under the group's lock, and
// returns the user IDs that were newly added, in the order given. NotFound, and
// nothing added, when the group or any user is not a live one of the company.
func (r members) Add(ctx context.Context, companyID, groupID string, userIDs []string, at time.Time) ([]string, error) {
	var added []string
	err := r.s.write(ctx, func(tx *Store) error {
		added = nil
		if err := lockGroup(ctx, tx, companyID, groupID); err != nil {
			return err
		}
		if err := requireLiveUsers(ctx, tx, companyID, userIDs); err != nil {
			return err
		}
		present, err := presentMembers(ctx, tx, companyID, groupID, userIDs)
		if err != nil {
			return err
		}
		for _, id := range core.DistinctIDs(userIDs) {
			if !present[id] {
				added = append(added, id)
			}
		}
		return insertMembers(ctx, tx, companyID, groupID, added, at)
	})
	return added, err
}

// Remove deletes the memberships that exist, under the group's lock, and returns the
// user IDs that were removed, in the order given. NotFound for an unknown group.
func (r members) Remove(ctx context.Context, companyID, groupID string, userIDs []string) ([]string, error) {
	var removed []string
	err := r.s.write(ctx, func(tx *Store) error {
		removed = nil
		if err := lockGroup(ctx, tx, companyID, groupID); err != nil {
			return err
		}
		present, err := presentMembers(ctx, tx, companyID, groupID, userIDs)
		if err != nil {
			return err
		}
		for _, id := range core.DistinctIDs(userIDs) {
			if present[id] {
				removed = append(removed, id)
			}
		}
		ctx, cancel := withTimeout(ctx)
		defer cancel()
		for _, c := range chunks(removed) {
			if _, err := tx.exec(ctx, "DELETE FROM group_members WHERE company_id = ? AND group_id = ? AND user_id IN ("+
				placeholders(len(c))+")", args([]any{companyID, groupID}, anys(c))...); err != nil {
				return err
			}
		}
		return nil
	})
	return removed, err
}

// presentMembers returns which of userIDs are members now. The caller holds the
// group's lock, and the locking read sees the latest committed rows.
func presentMembers(ctx context.Context, tx *Store, companyID, groupID string, userIDs []string) (map[string]bool, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	present := map[string]bool{}
	for _, c := range chunks(core.DistinctIDs(userIDs)) {
		ids, err := tx.column(ctx, "SELECT user_id FROM group_members WHERE company_id = ? AND group_id = ? AND user_id IN ("+
			placeholders(len(c))+")"+forUpdate, args([]any{companyID, groupID}, anys(c))...)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			present[id] = true
		}
	}
	return present, nil
}

// insertMembers writes new membership rows, several per statement.
func insertMembers(ctx context.Context, tx *Store, companyID, groupID string, userIDs []string, at time.Time) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	for _, c := range chunks(userIDs) {
		vals := make([]any, 0, 4*len(c))
		rows := make([]byte, 0, 16*len(c))
		for i, id := range c {
			if i > 0 {
				rows = append(rows, ", "...)
			}
			rows = append(rows, "(?, ?, ?, ?)"...)
			vals = append(vals, companyID, groupID, id, at)
		}
		if _, err := tx.exec(ctx, "INSERT INTO group_members (company_id, group_id, user_id, added_at) VALUES "+
			string(rows), vals...); err != nil {
			return err
		}
	}
	return nil
}

// Members lists a group's member user IDs in ID order; NotFound for an unknown group.
func (r members) Members(ctx context.Context, companyID, groupID string, q ports.ListQuery) ([]string, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if err := requireRow(ctx, r.s, notFound("group", groupID), "user_groups", companyID, groupID); err != nil {
		return nil, err
	}
	cond, limit, condArgs, limitArgs := page("user_id", q)
	return r.s.column(ctx, "SELECT user_id FROM group_members WHERE company_id = ? AND group_id = ?"+cond+limit,
		args([]any{companyID, groupID}, condArgs, limitArgs)...)
}

// CountMembers counts a group's members from the primary key; NotFound for an
// unknown group.
func (r members) CountMembers(ctx context.Context, companyID, groupID string) (int, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if err := requireRow(ctx, r.s, notFound("group", groupID), "user_groups", companyID, groupID); err != nil {
		return 0, err
	}
	return r.s.count(ctx, "SELECT COUNT(*) FROM group_members WHERE company_id = ? AND group_id = ?", companyID, groupID)
}

// GroupsOf lists the IDs of the user's groups in ID order, from the reverse index.
// NotFound for a user the company never had; a soft-deleted user is answered.
func (r members) GroupsOf(ctx context.Context, companyID, userID string) ([]string, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if err := requireRow(ctx, r.s, notFound("user", userID), "users", companyID, userID); err != nil {
		return nil, err
	}
	return r.s.column(ctx, "SELECT group_id FROM group_members WHERE company_id = ? AND user_id = ? ORDER BY group_id",
		companyID, userID)
}

// RemoveUser ends all the user's memberships and returns the groups' IDs. NotFound
// for a user the company never had; a soft-deleted user is answered.
func (r members) RemoveUser(ctx context.Context, companyID, userID string) ([]string, error) {
	var ids []string
	err := r.s.write(ctx, func(tx *Store) error {
		ctx, cancel := withTimeout(ctx)
		defer cancel()
		if err := requireRow(ctx, tx, notFound("user", userID), "users", companyID, userID); err != nil {
			return err
		}
		var err error
		ids, err = tx.column(ctx, "SELECT group_id FROM group_members WHERE company_id = ? AND user_id = ? ORDER BY group_id"+
			forUpdate, companyID, userID)
		if err != nil || len(ids) == 0 {
			return err
		}
		_, err = tx.exec(ctx, "DELETE FROM group_members WHERE company_id = ? AND user_id = ?", companyID, userID)
		return err
	})
	return ids, err
}

// requireRow answers missing unless table has the row (company_id, id).
func requireRow(ctx context.Context, s *Store, missing error, table, companyID, id string) error {
	return s.one(ctx, missing, func(*sql.Rows) error { return nil },
		"SELECT 1 FROM "+table+" WHERE company_id = ? AND id = ?", companyID, id)
}

// requireLiveUsers answers NotFound naming the first of userIDs that is not a live
// user of the company. The rows stay share-locked, so a user cannot be deleted (and
// its memberships ended) between this check and the insert.
func requireLiveUsers(ctx context.Context, tx *Store, companyID string, userIDs []string) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	live := map[string]bool{}
	for _, c := range chunks(core.DistinctIDs(userIDs)) {
		ids, err := tx.column(ctx, "SELECT id FROM users WHERE company_id = ? AND deleted_at IS NULL AND id IN ("+
			placeholders(len(c))+") LOCK IN SHARE MODE", args([]any{companyID}, anys(c))...)
		if err != nil {
			return err
		}
		for _, id := range ids {
			live[id] = true
		}
	}
	for _, id := range userIDs {
		if !live[id] {
			return notFound("user", id)
		}
	}
	return nil
}
