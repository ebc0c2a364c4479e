package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// ListTokens lists the principal's own tokens that are not revoked, or with all every
// token of the company (ActManageAllTokens), in creation order.
func (s *Service) ListTokens(ctx context.Context, p core.Principal, all bool) ([]core.Token, error) {
	q := ports.TokenQuery{CreatedBy: p.User.ID}
	if all {
		if err := p.Require(core.ActManageAllTokens, "list every token of the company: Owners and Manage API Keys users can"); err != nil {
			return nil, err
		}
		q.CreatedBy = ""
	} else if err := p.Require(core.ActManageOwnTokens, "use API tokens: Owners, Admins and Manage API Keys users can"); err != nil {
		return nil, err
	}
	if q.CreatedBy == "" && !all {
		return []core.Token{}, nil // no user, no own tokens
	}
	return s.Store.Tokens().List(ctx, p.CompanyID, q)
}
