package usecase

import (
	"context"
	"sort"

	"harriet/core"
	"harriet/ports"
)

// GroupQuery selects groups for SCIM GET /Groups. Lookup, when set, answers from an
// index: ByID and ByExternalID exactly, ByDisplayName exactly too (SPEC.md: "harriet
// admin group" is not "Harriet Admin Group"). Match is the rest of the filter,
// evaluated on every candidate. Members are read only for the groups returned, and
// only with WithMembers: excludedAttributes=members must not pay for large groups.
type GroupQuery struct {
	Lookup      *Lookup
	Match       func(GroupResult) bool
	WithMembers bool
	Page        Page
}

// GroupList is one page of a group list, in ID order, and how many groups matched.
type GroupList struct {
	Total  int
	Groups []GroupResult
}

// ListGroups is SCIM GET /Groups with filter and paging.
func (s *Service) ListGroups(ctx context.Context, p core.Principal, q GroupQuery) (GroupList, error) {
	if err := s.CheckSCIM(ctx, p); err != nil {
		return GroupList{}, err
	}
	groups, cid := s.Store.Groups(), p.CompanyID
	src := source[core.Group, GroupResult]{
		count:   func() (int, error) { return groups.Count(ctx, cid) },
		list:    func(lq ports.ListQuery) ([]core.Group, error) { return groups.List(ctx, cid, lq) },
		id:      func(g core.Group) string { return g.ID },
		prepare: func(g core.Group) (GroupResult, error) { return GroupResult{Group: g}, nil },
		match:   q.Match,
	}
	if q.Lookup != nil {
		l := *q.Lookup
		src.lookup = func() ([]core.Group, error) { return s.lookupGroups(ctx, cid, l) }
	}
	total, items, err := src.page(ctx, q.Page)
	if err != nil {
		return GroupList{}, err
	}
	if q.WithMembers {
		for i := range items {
			if err := s.loadMembers(ctx, &items[i]); err != nil {
				return GroupList{}, err
			}
		}
	}
	return GroupList{Total: total, Groups: items}, nil
}

// lookupGroups answers an indexed lookup; nothing found is an empty list.
func (s *Service) lookupGroups(ctx context.Context, companyID string, l Lookup) ([]core.Group, error) {
	repo := s.Store.Groups()
	var g core.Group
	var err error
	switch l.Key {
	case ByID:
		g, err = repo.Get(ctx, companyID, l.Value)
	case ByDisplayName:
		g, err = repo.ByDisplayName(ctx, companyID, core.NormGroupName(l.Value))
	case ByExternalID:
		found, err := repo.ByExternalID(ctx, companyID, core.NormExternalID(l.Value))
		sort.Slice(found, func(i, j int) bool { return found[i].ID < found[j].ID })
		return found, err
	default:
		return nil, &core.Error{Kind: core.Invalid, SCIMType: "invalidFilter",
			Message: "Groups cannot be looked up by " + string(l.Key) + "; filter on id, displayName or externalId."}
	}
	if core.IsKind(err, core.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return []core.Group{g}, nil
}
