package usecase

import (
	"context"

	"harriet/core"
)

// CompanyToken is a token of the company with the user who made it, for the list
// Owners and Manage API Keys users see. Creator is empty when that user is gone.
type CompanyToken struct {
	Token   core.Token
	Creator core.User
}

// ListCompanyTokens is every usable token of the company with its creator
// (ActManageAllTokens), in creation order. A provisioning token outlives its
// creator, so a creator deleted since is shown as unknown, never hidden.
func (s *Service) ListCompanyTokens(ctx context.Context, p core.Principal) ([]CompanyToken, error) {
	tokens, err := s.ListTokens(ctx, p, true)
	if err != nil {
		return nil, err
	}
	users := map[string]core.User{}
	out := make([]CompanyToken, 0, len(tokens))
	for _, t := range tokens {
		u, seen := users[t.CreatedBy]
		if !seen {
			u, err = s.Store.Users().Get(ctx, p.CompanyID, t.CreatedBy)
			if err != nil && !core.IsKind(err, core.NotFound) {
				return nil, err
			}
			users[t.CreatedBy] = u
		}
		out = append(out, CompanyToken{Token: t, Creator: u})
	}
	return out, nil
}
