package mysqlstore

import (
	"context"
	"database/sql"

	"harriet/core"
	"harriet/ports"
)

// Memberships lists a page of the group's memberships, with when each was added, in
// user ID order; NotFound for an unknown group.
func (r members) Memberships(ctx context.Context, companyID, groupID string, q ports.ListQuery) ([]core.Membership, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if err := requireRow(ctx, r.s, notFound("group", groupID), "user_groups", companyID, groupID); err != nil {
		return nil, err
	}
	out := []core.Membership{}
	cond, limit, condArgs, limitArgs := page("user_id", q)
	err := r.s.query(ctx, func(row *sql.Rows) error {
		m := core.Membership{CompanyID: companyID, GroupID: groupID}
		if err := row.Scan(&m.UserID, &m.AddedAt); err != nil {
			return err
		}
		out = append(out, m)
		return nil
	}, "SELECT user_id, added_at FROM group_members WHERE company_id = ? AND group_id = ?"+cond+limit,
		args([]any{companyID, groupID}, condArgs, limitArgs)...)
	return out, err
}
