package usecase

import (
	"context"
	"slices"

	"harriet/core"
	"harriet/ports"
)

// TransferPrimaryOwner is PUT /api/v1/company/primary_owner (ActTransferPrimaryOwner):
// an active user of the company becomes its primary owner and gets Owner as a direct
// role, so no group push can take it away. The previous primary owner keeps every
// role they hold; an Owner can change those afterwards. It returns the new owner.
func (s *Service) TransferPrimaryOwner(ctx context.Context, p core.Principal, userID string) (UserDetail, error) {
	if err := p.Require(core.ActTransferPrimaryOwner, "transfer the primary owner: only Owners can"); err != nil {
		return UserDetail{}, err
	}
	if userID == "" {
		return UserDetail{}, core.InvalidField("user_id", "user_id is required: the id of the user who becomes the primary owner.")
	}
	now := s.Clock.Now()
	var out UserDetail
	err := s.Store.InTx(ctx, func(tx ports.Store) error {
		u, err := s.adminUser(ctx, tx, p, userID)
		if err != nil {
			return err
		}
		if !u.Active {
			return core.InvalidField("user_id", "%s is deactivated; only an active user can become the primary owner.", u.UserName)
		}
		if u, err = s.makePrimaryOwner(ctx, tx, p, now, u); err != nil {
			return err
		}
		out, err = s.userDetail(ctx, tx, u)
		return err
	})
	return out, err
}

// makePrimaryOwner gives u Owner directly and records u as the primary owner; a
// transfer to the present primary owner changes nothing.
func (s *Service) makePrimaryOwner(ctx context.Context, tx ports.Store, p core.Principal, now timeStamp, u core.User) (core.User, error) {
	c, err := tx.Companies().Get(ctx, p.CompanyID)
	if err != nil {
		return core.User{}, err
	}
	if c.PrimaryOwnerID == u.ID && slices.Contains(u.DirectRoles, core.RoleOwner) {
		return u, nil
	}
	if !slices.Contains(u.DirectRoles, core.RoleOwner) {
		if u, err = s.writeDirectRoles(ctx, tx, p, now, u, inTableOrder(append(slices.Clone(u.DirectRoles), core.RoleOwner))); err != nil {
			return core.User{}, err
		}
	}
	_, err = tx.Companies().Update(ctx, p.CompanyID, func(x *core.Company) error {
		x.PrimaryOwnerID = u.ID
		x.UpdatedAt = now
		return nil
	})
	if err != nil {
		return core.User{}, err
	}
	details := map[string]any{"from": c.PrimaryOwnerID, "to": u.ID}
	return u, s.audit(ctx, tx, p, now, "company.primary_owner_transfer", core.Ref{Kind: "company", ID: c.ID, Name: c.Slug}, details)
}
