package usecase

import (
	"context"
	"sort"

	"harriet/core"
	"harriet/ports"
)

// GroupResult is a group as a SCIM request left it.
type GroupResult struct {
	Group core.Group
	// Members are the member user IDs in ID order, when MembersLoaded.
	Members       []string
	MembersLoaded bool
	// Skipped are the first unknown member IDs this request named (never
	// provisioned, deleted, another company's, or no Harriet ID at all), at most
	// core.MaxSkippedMemberIDs, each as core.RecordedID keeps it; SkippedCount is how
	// many there were. They were not applied; the adapter logs them.
	Skipped      []string
	SkippedCount int
	// Changed reports whether the request wrote anything.
	Changed bool
}

// groupPush applies one SCIM request's changes to one group inside one transaction.
// Memberships change by delta (ports.MembershipRepo Add/Remove), so a request costs
// the size of its change, and the group record is written once at the end, bumping
// its Version, only when something changed. Unknown member IDs are skipped.
type groupPush struct {
	s       *Service
	tx      ports.Store
	p       core.Principal
	now     timeStamp
	group   core.Group // the group as this request has made it so far
	stored  core.Group // the group as it was read
	touched bool       // membership, name or externalId changed
	renamed bool       // the request changed the displayName
	reIDed  bool       // the request changed the externalId
	created bool       // the group record was created by this request, already final
	// skipped are the unknown member IDs, as core.RecordedID keeps them.
	skipped []string
	cache   map[string]core.Group // groups read while computing roles
	// pending are audit entries made but not yet appended (see flush).
	pending []core.AuditEntry
}

func (s *Service) newGroupPush(tx ports.Store, p core.Principal, now timeStamp, g core.Group) *groupPush {
	return &groupPush{s: s, tx: tx, p: p, now: now, group: g, stored: g, cache: map[string]core.Group{}}
}

// groupRef is the group as an audit target or detail.
func (gp *groupPush) groupRef() core.Ref {
	return core.Ref{Kind: "group", ID: gp.group.ID, Name: gp.group.DisplayName}
}

// addMembers appends the known users; present members are a no-op.
func (gp *groupPush) addMembers(ctx context.Context, ids []string) error {
	users, unknown, err := gp.knownUsers(ctx, ids)
	if err != nil {
		return err
	}
	gp.skipped = append(gp.skipped, unknown...)
	return gp.addKnown(ctx, users)
}

// addKnown makes the users members and audits each membership that is new.
func (gp *groupPush) addKnown(ctx context.Context, users []core.User) error {
	if len(users) == 0 {
		return nil
	}
	byID := make(map[string]core.User, len(users))
	userIDs := make([]string, len(users))
	for i, u := range users {
		byID[u.ID] = u
		userIDs[i] = u.ID
	}
	added, err := gp.tx.Members().Add(ctx, gp.p.CompanyID, gp.group.ID, userIDs, gp.now)
	if err != nil {
		return err
	}
	for _, id := range added {
		if err := gp.queueMemberChange(ctx, byID[id], true); err != nil {
			return err
		}
	}
	return gp.flush(ctx)
}

// removeMembers ends the memberships; absent members are a no-op. An ID that is no
// user needs no skipping: it cannot be a member, and one that cannot be a Harriet ID
// is not even looked for.
func (gp *groupPush) removeMembers(ctx context.Context, ids []string) error {
	ids = plausibleIDs(core.DistinctIDs(ids))
	if len(ids) == 0 {
		return nil
	}
	removed, err := gp.tx.Members().Remove(ctx, gp.p.CompanyID, gp.group.ID, ids)
	if err != nil {
		return err
	}
	return gp.auditRemoved(ctx, removed)
}

// auditRemoved audits the ended memberships of userIDs and the roles they take
// away, with the users read in one call and the entries appended in one write.
func (gp *groupPush) auditRemoved(ctx context.Context, userIDs []string) error {
	byID, err := gp.liveUsers(ctx, userIDs)
	if err != nil {
		return err
	}
	for _, id := range userIDs {
		u, ok := byID[id]
		if !ok {
			u = core.User{ID: id, CompanyID: gp.p.CompanyID} // holds no role anyway
		}
		if err := gp.queueMemberChange(ctx, u, false); err != nil {
			return err
		}
	}
	return gp.flush(ctx)
}

// replaceMembers makes the members exactly ids (known ones), by delta: only the
// difference with the present members is written.
func (gp *groupPush) replaceMembers(ctx context.Context, ids []string) error {
	current, err := gp.tx.Members().Members(ctx, gp.p.CompanyID, gp.group.ID, ports.ListQuery{})
	if err != nil {
		return err
	}
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	have := make(map[string]bool, len(current))
	var gone []string
	for _, id := range current {
		have[id] = true
		if !want[id] {
			gone = append(gone, id)
		}
	}
	var fresh []string
	for _, id := range ids {
		if !have[id] {
			fresh = append(fresh, id)
		}
	}
	if err := gp.removeMembers(ctx, gone); err != nil {
		return err
	}
	return gp.addMembers(ctx, fresh)
}

// queueMemberChange queues the audit of one membership change and of the role
// changes it causes.
func (gp *groupPush) queueMemberChange(ctx context.Context, u core.User, added bool) error {
	gp.touched = true
	action := "scim.group.member_remove"
	if added {
		action = "scim.group.member_add"
	}
	target := core.Ref{Kind: "user", ID: u.ID, Name: u.UserName}
	details := map[string]any{"group_id": gp.group.ID, "group_name": gp.group.DisplayName}
	gp.queue(action, target, details)
	if _, isRole := gp.group.Role(); !isRole {
		return nil // a plain group changes no role
	}
	return gp.queueRoleChange(ctx, u, gp.group, !added, gp.group, added)
}

// finish audits the skipped IDs and writes the group once, bumping its Version, when
// the request changed it or named unknown members. The audit entry lists the first
// skipped IDs and counts them all, so its size does not grow with the request.
func (gp *groupPush) finish(ctx context.Context) (core.Group, error) {
	if listed, n := gp.skippedSummary(); n > 0 {
		details := map[string]any{"group_id": gp.group.ID, "member_ids": listed, "skipped_count": n,
			"reason": "no such user in this company"}
		if err := gp.s.audit(ctx, gp.tx, gp.p, gp.now, "scim.group.member_skipped", gp.groupRef(), details); err != nil {
			return core.Group{}, err
		}
	}
	if gp.created || (!gp.touched && len(gp.skipped) == 0) {
		return gp.group, nil
	}
	// Only what this request changed is written over the record as the store has it
	// now, so a store that runs requests side by side loses no other change. The
	// updater reads a copy: a store may run it more than once.
	gp0 := *gp
	g, err := gp.tx.Groups().Update(ctx, gp.p.CompanyID, gp.group.ID, func(g *core.Group) error {
		if gp0.renamed {
			g.DisplayName = gp0.group.DisplayName
		}
		if gp0.reIDed {
			g.ExternalID = gp0.group.ExternalID
		}
		if gp0.touched {
			g.ManagedByOkta = true
			g.OktaChangedAt = &gp0.now
		}
		g.NoteSkipped(gp0.skipped)
		g.UpdatedAt = gp0.now
		return nil
	})
	if core.IsKind(err, core.Conflict) {
		return core.Group{}, groupNameTaken(gp0.group.DisplayName)
	}
	return g, err
}

// skippedSummary is the first core.MaxSkippedMemberIDs skipped IDs and how many
// were skipped in all: what an audit entry, an answer and a log line carry.
func (gp *groupPush) skippedSummary() ([]string, int) {
	listed := gp.skipped[:min(len(gp.skipped), core.MaxSkippedMemberIDs)]
	return append([]string(nil), listed...), len(gp.skipped)
}

// result is the answer to a request that changed a group: the group as written, the
// skipped IDs in short, and whether anything was written.
func (gp *groupPush) result(g core.Group) GroupResult {
	listed, n := gp.skippedSummary()
	return GroupResult{Group: g, Skipped: listed, SkippedCount: n, Changed: gp.touched || n > 0}
}

// plausibleIDs keeps the ids that could be Harriet IDs.
func plausibleIDs(ids []string) []string {
	out := ids[:0:0]
	for _, id := range ids {
		if core.PlausibleID(id) {
			out = append(out, id)
		}
	}
	return out
}

// sortedIDs returns a sorted copy.
func sortedIDs(ids []string) []string {
	out := append([]string(nil), ids...)
	sort.Strings(out)
	return out
}
