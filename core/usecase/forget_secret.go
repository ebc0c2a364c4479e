package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// ForgetSecretResult says what ForgetSecretAsOperator found before it cleared the
// secret, so the operator is told what changed.
type ForgetSecretResult struct {
	SecretWasSet bool // a client secret was saved
	SSOOnlyWas   bool // SSO-only was on (it is off now)
}

// ForgetSecretAsOperator is `harriet integration forget-secret`: the way out when the
// root key is lost. The saved Okta client secret cannot be opened without that key,
// and serve refuses to start with a key that opens none; clearing the secret lets it
// start, and an admin enters the secret again. The rest of the integration (Domain,
// Client ID, Login Domain, discovery) is kept. SSO-only is turned off with it:
// sign-in with Okta cannot work without the secret, and SSO-only would then lock
// everyone out. It never opens the secret, so it works with any key. Audited as
// "integration.forget_secret" with the operator as actor.
func (s *Service) ForgetSecretAsOperator(ctx context.Context, companySlug string) (ForgetSecretResult, error) {
	c, err := s.companyBySlug(ctx, companySlug)
	if err != nil {
		return ForgetSecretResult{}, err
	}
	op := core.Principal{CompanyID: c.ID, Kind: core.ActorOperator}
	now := s.Clock.Now()
	var res ForgetSecretResult
	err = s.Store.InTx(ctx, func(tx ports.Store) error {
		in, err := tx.Integrations().Get(ctx, c.ID)
		if core.IsKind(err, core.NotFound) {
			return core.E(core.NotFound, "The company %q has no Okta integration, so no client secret is saved for it.", c.Slug)
		}
		if err != nil {
			return err
		}
		res = ForgetSecretResult{SecretWasSet: len(in.SecretSealed) > 0, SSOOnlyWas: in.SSOOnly}
		in.SecretSealed, in.SSOOnly, in.UpdatedAt = nil, false, now
		if _, err := tx.Integrations().Put(ctx, in); err != nil {
			return err
		}
		return s.audit(ctx, tx, op, now, "integration.forget_secret", integrationRef(in),
			map[string]any{"secret_was_set": res.SecretWasSet, "sso_only_was": res.SSOOnlyWas, "sso_only": false})
	})
	if err != nil {
		return ForgetSecretResult{}, err
	}
	return res, nil
}
