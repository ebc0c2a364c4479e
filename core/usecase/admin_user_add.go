package usecase

import (
	"context"
	"strings"

	"harriet/core"
	"harriet/ports"
)

// maxPersonNameLen bounds a given or family name typed by an admin.
const maxPersonNameLen = 200

// AdminUserInput is POST /api/v1/users: a user added by hand.
type AdminUserInput struct {
	Email       string
	GivenName   string
	FamilyName  string
	DirectRoles []string
}

// AdminAddUser is POST /api/v1/users (ActManageUsers): a user added by hand, active,
// with the email as userName and primary email (unique in the company: Conflict),
// and only direct roles the caller may grant. A missing name comes from the email.
// Okta later links this user by userName or email instead of creating a duplicate.
func (s *Service) AdminAddUser(ctx context.Context, p core.Principal, in AdminUserInput) (UserDetail, error) {
	if err := p.Require(core.ActManageUsers, "add users: Owners and Admins can"); err != nil {
		return UserDetail{}, err
	}
	u, err := manualUser(p.CompanyID, in)
	if err != nil {
		return UserDetail{}, err
	}
	for _, r := range u.DirectRoles {
		if !mayGrant(p, r) {
			return UserDetail{}, core.E(core.Forbidden, "You cannot grant the role %s: only Owners can.", r)
		}
	}
	now := s.Clock.Now()
	u.ID, u.Version, u.CreatedAt, u.UpdatedAt = s.IDs.New(), 1, now, now
	var out UserDetail
	err = s.Store.InTx(ctx, func(tx ports.Store) error {
		if err := s.insertManualUser(ctx, tx, p, now, u); err != nil {
			return err
		}
		var err error
		out, err = s.userDetail(ctx, tx, u)
		return err
	})
	if err != nil {
		return UserDetail{}, asUniqueness(err)
	}
	return out, nil
}

// manualUser checks the input and makes the user record (without ID and times).
func manualUser(companyID string, in AdminUserInput) (core.User, error) {
	email := strings.TrimSpace(in.Email)
	if email == "" {
		return core.User{}, core.InvalidField("email", "email is required: the user's work email address.")
	}
	if err := core.ValidateEmail("email", email); err != nil {
		return core.User{}, err
	}
	given, family := strings.TrimSpace(in.GivenName), strings.TrimSpace(in.FamilyName)
	for _, n := range []string{given, family} {
		if err := core.ValidateText("name", n, maxPersonNameLen); err != nil {
			return core.User{}, err
		}
	}
	roles, err := parseRoles(in.DirectRoles)
	if err != nil {
		return core.User{}, err
	}
	u := core.User{
		CompanyID: companyID, UserName: email,
		Name:   core.Name{GivenName: given, FamilyName: family},
		Emails: []core.Email{{Value: email, Type: "work", Primary: true}},
		Active: true, DirectRoles: roles, Source: core.SourceManual,
	}
	u.FillName()
	return u, nil
}

// insertManualUser stores the user and audits it and the roles it starts with.
func (s *Service) insertManualUser(ctx context.Context, tx ports.Store, p core.Principal, now timeStamp, u core.User) error {
	if err := checkUserKeys(ctx, tx, u); err != nil {
		return err
	}
	if err := tx.Users().Create(ctx, u); err != nil {
		return err
	}
	details := map[string]any{"source": core.SourceManual, "direct_roles": rolesToStrings(u.DirectRoles)}
	if err := s.audit(ctx, tx, p, now, "user.create", userRef(u), details); err != nil {
		return err
	}
	return s.auditRoleDiff(ctx, tx, p, now, u, core.RoleSources{}, core.EffectiveRoles(u, nil), "")
}
