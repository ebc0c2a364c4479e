package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// GroupSummary is a group as GET /api/v1/groups shows it. The role comes from
// Group.Role(); NearMiss is the role group name a plain group's name almost is.
type GroupSummary struct {
	Group       core.Group
	MemberCount int
	NearMiss    string
}

// GroupSummaryPage is one page of groups in ID order; Next is the following page's
// cursor, "" on the last.
type GroupSummaryPage struct {
	Groups []GroupSummary
	Total  int
	Next   string
}

// AdminListGroups is GET /api/v1/groups (ActReadDirectory), paged by cursor.
func (s *Service) AdminListGroups(ctx context.Context, p core.Principal, after string, limit int) (GroupSummaryPage, error) {
	if err := p.Require(core.ActReadDirectory, "read groups: Owners, Admins and Manage Users can"); err != nil {
		return GroupSummaryPage{}, err
	}
	limit = listLimit(limit)
	total, err := s.Store.Groups().Count(ctx, p.CompanyID)
	if err != nil {
		return GroupSummaryPage{}, err
	}
	groups, err := s.Store.Groups().List(ctx, p.CompanyID, ports.ListQuery{After: after, Limit: limit + 1})
	if err != nil {
		return GroupSummaryPage{}, err
	}
	page := GroupSummaryPage{Total: total, Groups: make([]GroupSummary, 0, len(groups))}
	if len(groups) > limit {
		groups = groups[:limit]
		page.Next = groups[limit-1].ID
	}
	for _, g := range groups {
		n, err := s.Store.Members().CountMembers(ctx, p.CompanyID, g.ID)
		if err != nil {
			return GroupSummaryPage{}, err
		}
		page.Groups = append(page.Groups, GroupSummary{Group: g, MemberCount: n, NearMiss: core.NearMissRoleGroup(g.DisplayName)})
	}
	return page, nil
}
