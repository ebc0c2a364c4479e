package usecase

import (
	"context"
	"time"

	"harriet/core"
	"harriet/ports"
)

// AbandonedAfter is how long a role group Okta manages may go without a change from
// Okta before the pages flag it as possibly abandoned. Okta tells the app nothing
// when an admin unlinks a pushed group and leaves it here, so a role group that
// Okta has stopped maintaining keeps granting its role until someone looks.
const AbandonedAfter = 90 * 24 * time.Hour

// GroupPageMembers bounds the members one read of a group's page lists.
const GroupPageMembers = 200

// GroupDetail is one group as the Groups page shows it: the summary, its first
// members (at most GroupPageMembers, in ID order; Summary.MemberCount has them all)
// and whether it looks abandoned by Okta.
type GroupDetail struct {
	Summary   GroupSummary
	Members   []core.User
	Abandoned bool
}

// PossiblyAbandoned reports whether g is a role group that Okta manages but has not
// changed for AbandonedAfter at now.
func PossiblyAbandoned(g core.Group, now time.Time) bool {
	_, isRole := g.Role()
	return isRole && g.ManagedByOkta && g.OktaChangedAt != nil && now.Sub(*g.OktaChangedAt) >= AbandonedAfter
}

// AdminGetGroup is a group with its members for the Groups page (ActReadDirectory).
// Another company's group is NotFound. Members deleted meanwhile are left out.
func (s *Service) AdminGetGroup(ctx context.Context, p core.Principal, id string) (GroupDetail, error) {
	if err := p.Require(core.ActReadDirectory, "read groups: Owners, Admins and Manage Users can"); err != nil {
		return GroupDetail{}, err
	}
	now := s.Clock.Now()
	g, err := s.Store.Groups().Get(ctx, p.CompanyID, id)
	if core.IsKind(err, core.NotFound) {
		return GroupDetail{}, core.E(core.NotFound, "No group with id %q in this company. It may have been deleted.", id)
	}
	if err != nil {
		return GroupDetail{}, err
	}
	n, err := s.Store.Members().CountMembers(ctx, p.CompanyID, id)
	if err != nil {
		return GroupDetail{}, err
	}
	ids, err := s.Store.Members().Members(ctx, p.CompanyID, id, ports.ListQuery{Limit: GroupPageMembers})
	if err != nil {
		return GroupDetail{}, err
	}
	d := GroupDetail{Summary: GroupSummary{Group: g, MemberCount: n, NearMiss: core.NearMissRoleGroup(g.DisplayName)},
		Abandoned: PossiblyAbandoned(g, now)}
	for _, uid := range ids {
		u, err := s.Store.Users().Get(ctx, p.CompanyID, uid)
		if core.IsKind(err, core.NotFound) {
			continue
		}
		if err != nil {
			return GroupDetail{}, err
		}
		d.Members = append(d.Members, u)
	}
	return d, nil
}
