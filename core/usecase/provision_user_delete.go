package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// DeleteUser applies a SCIM DELETE: a soft delete. The user disappears from SCIM and
// from the API lists, their userName and email are free again, and in the same
// transaction their memberships, sessions and personal tokens end and every role
// they held is audited as revoked. The record and the audit trail stay. Provisioning
// tokens the user created keep working: they are the company's credential. The
// company's primary owner cannot be deleted this way.
func (s *Service) DeleteUser(ctx context.Context, p core.Principal, id string, ifMatch IfMatch) error {
	if err := s.CheckSCIM(ctx, p); err != nil {
		return err
	}
	now := s.Clock.Now()
	return s.Store.InTx(ctx, func(tx ports.Store) error {
		cur, err := tx.Users().Get(ctx, p.CompanyID, id)
		if err != nil {
			return err
		}
		if err := ifMatch.check(cur.Version); err != nil {
			return err
		}
		if err := s.refusePrimaryOwner(ctx, tx, p.CompanyID, id); err != nil {
			return err
		}
		return s.softDelete(ctx, tx, p, now, cur, ifMatch)
	})
}

// softDelete marks the user deleted, ends their access and audits the delete and the
// roles it takes away. An active user's groups are read before anything changes,
// so the roles they gave are known (a deactivated user held none).
func (s *Service) softDelete(ctx context.Context, tx ports.Store, p core.Principal, now timeStamp,
	cur core.User, ifMatch IfMatch) error {
	var groups []core.Group
	if cur.Active {
		var err error
		if groups, err = groupsOf(ctx, tx, cur); err != nil {
			return err
		}
	}
	u, err := tx.Users().Update(ctx, p.CompanyID, cur.ID, func(u *core.User) error {
		if err := ifMatch.check(u.Version); err != nil {
			return err
		}
		u.Active = false
		u.DeletedAt = &now
		u.UpdatedAt = now
		return nil
	})
	if err != nil {
		return err
	}
	details, err := endUserAccess(ctx, tx, p.CompanyID, cur.ID, now)
	if err != nil {
		return err
	}
	if err := s.audit(ctx, tx, p, now, "scim.user.delete", userRef(u), details); err != nil {
		return err
	}
	return s.auditLifecycleRoles(ctx, tx, p, now, cur, u, groups)
}

// endUserAccess ends a deleted user's memberships, sessions and personal tokens and
// says how many of each ended.
func endUserAccess(ctx context.Context, tx ports.Store, companyID, userID string, now timeStamp) (map[string]any, error) {
	groups, err := tx.Members().RemoveUser(ctx, companyID, userID)
	if err != nil {
		return nil, err
	}
	sessions, err := tx.Sessions().DeleteForUser(ctx, companyID, userID)
	if err != nil {
		return nil, err
	}
	revoked, err := revokePersonalTokens(ctx, tx, companyID, userID, now)
	if err != nil {
		return nil, err
	}
	return map[string]any{"groups_left": groups, "sessions_ended": sessions, "tokens_revoked": revoked}, nil
}

// revokePersonalTokens revokes the user's usable personal tokens and counts them.
// Provisioning tokens stay: they are the company's, so provisioning does not stop
// when the person who made one leaves.
func revokePersonalTokens(ctx context.Context, tx ports.Store, companyID, userID string, now timeStamp) (int, error) {
	tokens, err := tx.Tokens().List(ctx, companyID, ports.TokenQuery{CreatedBy: userID})
	if err != nil {
		return 0, err
	}
	revoked := 0
	for _, t := range tokens {
		if t.Scope == core.ScopeSCIM || !t.Usable() {
			continue
		}
		if err := tx.Tokens().Revoke(ctx, companyID, t.ID, now); err != nil {
			return 0, err
		}
		revoked++
	}
	return revoked, nil
}
