package usecase

import (
	"context"

	"harriet/core"
)

// A group push names many members at once; reading them and auditing them one by one
// would cost a store round trip per member. So an operation reads all its users in
// one call (liveUsers) and queues its audit entries, appending them in one call
// (flush) before it returns. Entries keep the order they were made in: their IDs are
// taken when queued.

// queue makes an audit entry for this request that the next flush appends.
func (gp *groupPush) queue(action string, target core.Ref, details map[string]any) {
	gp.pending = append(gp.pending, gp.s.auditEntry(gp.p, gp.now, action, target, details))
}

// flush appends the queued audit entries in one store call.
func (gp *groupPush) flush(ctx context.Context) error {
	if len(gp.pending) == 0 {
		return nil
	}
	err := gp.tx.Audit().AppendMany(ctx, gp.pending)
	gp.pending = nil
	return err
}

// liveUsers reads the company's users among ids that are not deleted, in one store
// call, by ID; the others are absent.
func (gp *groupPush) liveUsers(ctx context.Context, ids []string) (map[string]core.User, error) {
	if len(ids) == 0 {
		return map[string]core.User{}, nil
	}
	users, err := gp.tx.Users().Existing(ctx, gp.p.CompanyID, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]core.User, len(users))
	for _, u := range users {
		if u.CompanyID == gp.p.CompanyID && !u.Deleted() {
			byID[u.ID] = u
		}
	}
	return byID, nil
}

// knownUsers splits ids (deduplicated, in the order given) into users of the company
// that are not deleted, and the unknown rest, as core.RecordedID keeps them. A value
// that cannot be a Harriet ID is unknown without asking the store.
func (gp *groupPush) knownUsers(ctx context.Context, ids []string) ([]core.User, []string, error) {
	ids = core.DistinctIDs(ids)
	byID, err := gp.liveUsers(ctx, plausibleIDs(ids))
	if err != nil {
		return nil, nil, err
	}
	var users []core.User
	var unknown []string
	for _, id := range ids {
		u, ok := byID[id]
		switch {
		case !core.PlausibleID(id):
			unknown = append(unknown, core.RecordedID(id))
		case !ok:
			unknown = append(unknown, id)
		default:
			users = append(users, u)
		}
	}
	return users, unknown, nil
}

// auditRoleChange audits each role a user gains or loses when the group this request
// is changing goes from (before, wasMember) to (after, isMember); see queueRoleChange.
func (gp *groupPush) auditRoleChange(ctx context.Context, u core.User,
	before core.Group, wasMember bool, after core.Group, isMember bool) error {
	if err := gp.queueRoleChange(ctx, u, before, wasMember, after, isMember); err != nil {
		return err
	}
	return gp.flush(ctx)
}
