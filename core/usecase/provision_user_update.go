package usecase

import (
	"context"
	"reflect"
	"strings"

	"harriet/core"
	"harriet/ports"
)

// ReplaceUser applies a SCIM PUT: the profile becomes the one sent. When the body
// does not say whether the user is active, that state is kept. Deactivation ends the
// user's sessions in the same transaction.
func (s *Service) ReplaceUser(ctx context.Context, p core.Principal, id string, in UserInput, ifMatch IfMatch) (core.User, error) {
	return s.changeUser(ctx, p, id, ifMatch, "put", func(core.User) (UserInput, error) { return in, nil })
}

// PatchUser applies a SCIM PATCH. apply receives the current user and returns the
// profile after the operations; it may run more than once and must do no I/O. The
// result is validated and saved only if the stored version is still the one read
// (and the one If-Match names). A patch that changes nothing writes nothing.
func (s *Service) PatchUser(ctx context.Context, p core.Principal, id string, ifMatch IfMatch,
	apply func(cur core.User) (UserInput, error)) (core.User, error) {
	return s.changeUser(ctx, p, id, ifMatch, "patch", apply)
}

func (s *Service) changeUser(ctx context.Context, p core.Principal, id string, ifMatch IfMatch, how string,
	apply func(core.User) (UserInput, error)) (core.User, error) {
	if err := s.CheckSCIM(ctx, p); err != nil {
		return core.User{}, err
	}
	now := s.Clock.Now()
	var out core.User
	err := s.Store.InTx(ctx, func(tx ports.Store) error {
		cur, cand, err := s.candidate(ctx, tx, p, id, ifMatch, apply)
		if err != nil {
			return err
		}
		if sameProfile(cur, cand) {
			out = cur
			return nil
		}
		if err := checkUserKeys(ctx, tx, cand); err != nil {
			return err
		}
		out, err = tx.Users().Update(ctx, p.CompanyID, id, func(u *core.User) error {
			if err := ifMatch.check(u.Version); err != nil {
				return err
			}
			copyProfile(u, cand)
			u.UpdatedAt = now
			return nil
		})
		if err != nil {
			return err
		}
		return s.afterChange(ctx, tx, p, now, cur, out, how)
	})
	if err != nil {
		return core.User{}, asUniqueness(err)
	}
	return out, nil
}

// candidate loads the user and computes what it becomes, refusing what SCIM may not
// do to the company's primary owner (guardPrimaryOwner).
func (s *Service) candidate(ctx context.Context, tx ports.Store, p core.Principal, id string, ifMatch IfMatch,
	apply func(core.User) (UserInput, error)) (cur, cand core.User, err error) {
	cur, err = tx.Users().Get(ctx, p.CompanyID, id)
	if err != nil {
		return cur, cand, err
	}
	if err := ifMatch.check(cur.Version); err != nil {
		return cur, cand, err
	}
	in, err := apply(cur)
	if err != nil {
		return cur, cand, err
	}
	cand = cur
	copyProfile(&cand, in.Profile)
	cand.Active = cur.Active
	if in.Active != nil {
		cand.Active = *in.Active
	}
	if err := prepareProfile(&cand); err != nil {
		return cur, cand, err
	}
	if err := requireEmail(&cur, cand); err != nil {
		return cur, cand, err
	}
	if err := s.guardPrimaryOwner(ctx, tx, p.CompanyID, cur, cand); err != nil {
		return cur, cand, err
	}
	return cur, cand, nil
}

// afterChange ends the sessions and revokes the personal tokens of a user who was
// just deactivated (an offboarded person's credentials must not come back if Okta
// reactivates the account later), and audits the change and the roles it grants or
// takes away, all in the transaction that made it.
func (s *Service) afterChange(ctx context.Context, tx ports.Store, p core.Principal, now timeStamp,
	before, after core.User, how string) error {
	action := "scim.user.update"
	details := map[string]any{"method": how, "changed": changedFields(before, after)}
	switch {
	case before.Active && !after.Active:
		action = "scim.user.deactivate"
		n, err := tx.Sessions().DeleteForUser(ctx, p.CompanyID, after.ID)
		if err != nil {
			return err
		}
		details["sessions_ended"] = n
		if details["tokens_revoked"], err = revokePersonalTokens(ctx, tx, p.CompanyID, after.ID, now); err != nil {
			return err
		}
	case !before.Active && after.Active:
		action = "scim.user.reactivate"
	}
	if err := s.audit(ctx, tx, p, now, action, userRef(after), details); err != nil {
		return err
	}
	groups, err := lifecycleGroups(ctx, tx, before, after)
	if err != nil {
		return err
	}
	return s.auditLifecycleRoles(ctx, tx, p, now, before, after, groups)
}

// changedFields names the profile fields a change touched, for the audit log (the
// values stay out of it: they may be personal data).
func changedFields(a, b core.User) []string {
	pa, pb := reflect.ValueOf(normalProfile(a)), reflect.ValueOf(normalProfile(b))
	var out []string
	for i := 0; i < pa.NumField(); i++ {
		if !reflect.DeepEqual(pa.Field(i).Interface(), pb.Field(i).Interface()) {
			out = append(out, scimAttribute(pa.Type().Field(i).Name))
		}
	}
	return out
}

// scimAttribute is the SCIM attribute an admin knows a profile field by.
func scimAttribute(field string) string {
	switch field {
	case "ExternalID":
		return "externalId"
	case "ProfileURL":
		return "profileUrl"
	case "Enterprise":
		return "enterprise extension"
	}
	return strings.ToLower(field[:1]) + field[1:]
}
