package usecase

import (
	"context"
	"sort"

	"harriet/core"
	"harriet/ports"
)

// UserRecord is a user as SCIM shows it: the user and, when asked for, the groups it
// belongs to (nil when not loaded).
type UserRecord struct {
	User   core.User
	Groups []core.Group
}

// UserQuery selects users for a SCIM list. Lookup, when set, answers from an index;
// Match is the rest of the filter, evaluated on every candidate (it must not block:
// it runs while the store is scanned). Deactivated users are listed; deleted users
// are not.
type UserQuery struct {
	Lookup *Lookup
	Match  func(UserRecord) bool
	// MatchGroups loads each candidate's groups before Match (a filter on groups).
	MatchGroups bool
	// WithGroups loads the groups of the users returned.
	WithGroups bool
	Page       Page
}

// UserList is one page of a user list and the number of users that matched.
type UserList struct {
	Total int
	Users []UserRecord
}

// GetUser returns one user of the principal's company. Deactivated users are found
// (Okta reads them back after deactivating); deleted users and other companies'
// users are NotFound.
func (s *Service) GetUser(ctx context.Context, p core.Principal, id string, withGroups bool) (UserRecord, error) {
	if err := s.CheckSCIM(ctx, p); err != nil {
		return UserRecord{}, err
	}
	u, err := s.Store.Users().Get(ctx, p.CompanyID, id)
	if err != nil {
		return UserRecord{}, err
	}
	r := UserRecord{User: u}
	if withGroups {
		r.Groups, err = groupsOf(ctx, s.Store, u)
	}
	return r, err
}

// ListUsers returns the users the query selects, in ID order, and how many matched.
func (s *Service) ListUsers(ctx context.Context, p core.Principal, q UserQuery) (UserList, error) {
	if err := s.CheckSCIM(ctx, p); err != nil {
		return UserList{}, err
	}
	users, cid := s.Store.Users(), p.CompanyID
	groups := newGroupLoader(s.Store) // each distinct group read once per request
	src := source[core.User, UserRecord]{
		count: func() (int, error) { return users.Count(ctx, cid, false) },
		list:  func(lq ports.ListQuery) ([]core.User, error) { return users.List(ctx, cid, lq) },
		id:    func(u core.User) string { return u.ID },
		prepare: func(u core.User) (UserRecord, error) {
			r := UserRecord{User: u}
			var err error
			if q.MatchGroups {
				r.Groups, err = groups.groupsOf(ctx, u)
			}
			return r, err
		},
		match: q.Match,
	}
	if q.Lookup != nil {
		l := *q.Lookup
		src.lookup = func() ([]core.User, error) { return s.lookupUsers(ctx, cid, l) }
	}
	total, items, err := src.page(ctx, q.Page)
	if err != nil {
		return UserList{}, err
	}
	if q.WithGroups && !q.MatchGroups {
		for i := range items {
			if items[i].Groups, err = groups.groupsOf(ctx, items[i].User); err != nil {
				return UserList{}, err
			}
		}
	}
	return UserList{Total: total, Users: items}, nil
}

// lookupUsers answers an indexed lookup, in ID order; nothing found is an empty list.
func (s *Service) lookupUsers(ctx context.Context, companyID string, l Lookup) ([]core.User, error) {
	users := s.Store.Users()
	var (
		u   core.User
		out []core.User
		err error
	)
	switch l.Key {
	case ByID:
		u, err = users.Get(ctx, companyID, l.Value)
	case ByUserName:
		u, err = users.ByUserName(ctx, companyID, core.NormUserName(l.Value))
	case ByEmail:
		u, err = users.ByEmail(ctx, companyID, core.NormEmail(l.Value))
	case ByExternalID:
		found, err := users.ByExternalID(ctx, companyID, core.NormExternalID(l.Value))
		for _, u := range found {
			if !u.Deleted() {
				out = append(out, u)
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
		return out, err
	default:
		return nil, core.E(core.Invalid, "Users cannot be looked up by %s.", l.Key)
	}
	if core.IsKind(err, core.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return []core.User{u}, nil
}
