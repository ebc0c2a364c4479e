package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// SignOut ends the session whose cookie ID is id, on every node (the store holds
// it). Signing out of a session that already ended succeeds. Audited as "signout"
// when the session was still there.
func (s *SignIn) SignOut(ctx context.Context, id, requestID string) error {
	if id == "" {
		return nil
	}
	hash := core.HashToken(id)
	now := s.Clock.Now()
	return s.Store.InTx(ctx, func(tx ports.Store) error {
		sess, err := tx.Sessions().ByHash(ctx, hash)
		if core.IsKind(err, core.NotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := tx.Sessions().Delete(ctx, hash); err != nil && !core.IsKind(err, core.NotFound) {
			return err
		}
		u, err := tx.Users().Get(ctx, sess.CompanyID, sess.UserID)
		if err != nil {
			u = core.User{ID: sess.UserID, CompanyID: sess.CompanyID} // deleted since: still record it
		}
		p := core.Principal{CompanyID: sess.CompanyID, User: u, Kind: core.ActorUser, RequestID: requestID}
		return s.audit(ctx, tx, p, now, "signout", userRef(u), map[string]any{"method": sess.Method})
	})
}
