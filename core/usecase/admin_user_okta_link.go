package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// ResetOktaLink is DELETE /api/v1/users/{id}/okta_link (ActManageUsers): the user's
// binding to an Okta identity is cleared, so their next Okta sign-in binds afresh
// (after an Okta account was recreated, say). Only an Owner may reset an Owner's
// link: with it, whoever controls the email in Okta takes over the account.
func (s *Service) ResetOktaLink(ctx context.Context, p core.Principal, id string) error {
	if err := p.Require(core.ActManageUsers, "reset a user's Okta sign-in link: Owners and Admins can"); err != nil {
		return err
	}
	now := s.Clock.Now()
	return s.Store.InTx(ctx, func(tx ports.Store) error {
		u, err := s.adminUser(ctx, tx, p, id)
		if err != nil {
			return err
		}
		groups, err := groupsOf(ctx, tx, u)
		if err != nil {
			return err
		}
		if err := mayManage(p, heldRoles(u, groups), "reset the Okta sign-in link"); err != nil {
			return err
		}
		if u.OktaLink == nil {
			return nil // nothing to reset: write and audit nothing
		}
		old := *u.OktaLink
		u, err = tx.Users().Update(ctx, p.CompanyID, id, func(x *core.User) error {
			x.OktaLink = nil
			x.UpdatedAt = now
			return nil
		})
		if err != nil {
			return err
		}
		details := map[string]any{"issuer": old.Issuer, "subject": old.Subject}
		return s.audit(ctx, tx, p, now, "user.okta_link_reset", userRef(u), details)
	})
}
