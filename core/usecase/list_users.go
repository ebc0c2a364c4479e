package usecase

import (
	"context"
	"strings"

	"harriet/core"
	"harriet/ports"
)

// AdminUserQuery selects users for GET /api/v1/users.
type AdminUserQuery struct {
	Email          string // the primary email, case-insensitive
	Text           string // case-insensitive text in the email, userName or name
	After          string // cursor: only IDs greater than this
	Limit          int    // DefaultListLimit when 0, at most MaxListLimit
	IncludeDeleted bool
}

// AdminUserPage is one page of users in ID order. Next is the cursor of the
// following page, "" on the last; Total counts every matching user.
type AdminUserPage struct {
	Users []UserDetail
	Total int
	Next  string
}

// AdminListUsers is GET /api/v1/users (ActReadDirectory).
func (s *Service) AdminListUsers(ctx context.Context, p core.Principal, q AdminUserQuery) (AdminUserPage, error) {
	if err := p.Require(core.ActReadDirectory, "read users: Owners, Admins and Manage Users can"); err != nil {
		return AdminUserPage{}, err
	}
	q.Limit = listLimit(q.Limit)
	var users []core.User
	var total int
	var err error
	if q.Email == "" && strings.TrimSpace(q.Text) == "" {
		users, total, err = s.userPage(ctx, p.CompanyID, q)
	} else {
		users, total, err = s.searchUsers(ctx, p.CompanyID, q)
	}
	if err != nil {
		return AdminUserPage{}, err
	}
	page := AdminUserPage{Total: total}
	if len(users) > q.Limit {
		users = users[:q.Limit]
		page.Next = users[q.Limit-1].ID
	}
	page.Users, err = s.userDetails(ctx, s.Store, p.CompanyID, users)
	return page, err
}

// listLimit applies the admin API's page size rule.
func listLimit(n int) int {
	if n <= 0 {
		return DefaultListLimit
	}
	return min(n, MaxListLimit)
}

// userPage reads one more user than the page holds, to tell whether a next exists.
func (s *Service) userPage(ctx context.Context, companyID string, q AdminUserQuery) ([]core.User, int, error) {
	total, err := s.Store.Users().Count(ctx, companyID, q.IncludeDeleted)
	if err != nil {
		return nil, 0, err
	}
	users, err := s.Store.Users().List(ctx, companyID,
		ports.ListQuery{After: q.After, Limit: q.Limit + 1, IncludeDeleted: q.IncludeDeleted})
	return users, total, err
}

// searchUsers scans the company's users in ID order, counting every match and
// keeping those after the cursor (one more than the page, to tell if a next exists).
func (s *Service) searchUsers(ctx context.Context, companyID string, q AdminUserQuery) ([]core.User, int, error) {
	if q.Email != "" && strings.TrimSpace(q.Text) == "" && !q.IncludeDeleted {
		return s.userByEmail(ctx, companyID, q)
	}
	var out []core.User
	total, after := 0, ""
	for {
		batch, err := s.Store.Users().List(ctx, companyID,
			ports.ListQuery{After: after, Limit: scanBatch, IncludeDeleted: q.IncludeDeleted})
		if err != nil {
			return nil, 0, err
		}
		for _, u := range batch {
			if !userMatches(u, q) {
				continue
			}
			total++
			if u.ID > q.After && len(out) <= q.Limit {
				out = append(out, u)
			}
		}
		if len(batch) < scanBatch {
			return out, total, nil
		}
		after = batch[len(batch)-1].ID
	}
}

// userMatches applies ?email= (exact after folding) and ?q= (a substring of the
// email, userName, display name or name, after folding).
func userMatches(u core.User, q AdminUserQuery) bool {
	if q.Email != "" && core.NormEmail(u.PrimaryEmail()) != core.NormEmail(q.Email) {
		return false
	}
	text := strings.ToLower(strings.TrimSpace(q.Text))
	if text == "" {
		return true
	}
	hay := strings.ToLower(strings.Join([]string{u.PrimaryEmail(), u.UserName, u.DisplayName,
		u.Name.GivenName + " " + u.Name.FamilyName, u.Name.Formatted}, "\n"))
	return strings.Contains(hay, text)
}

// userByEmail answers ?email= from the primary email index.
func (s *Service) userByEmail(ctx context.Context, companyID string, q AdminUserQuery) ([]core.User, int, error) {
	u, err := s.Store.Users().ByEmail(ctx, companyID, core.NormEmail(q.Email))
	switch {
	case core.IsKind(err, core.NotFound):
		return nil, 0, nil
	case err != nil:
		return nil, 0, err
	case u.ID <= q.After:
		return nil, 1, nil
	}
	return []core.User{u}, 1, nil
}
