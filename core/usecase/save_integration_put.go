package usecase

import (
	"context"
	"slices"
	"time"

	"harriet/core"
	"harriet/ports"
)

// checkedDiscovery is a discovery result with the issuer it was made for, so that a
// result for an issuer changed meanwhile by someone else is not recorded.
type checkedDiscovery struct {
	issuer string
	result core.Discovery
}

// putIntegration merges the validated input into the stored integration inside tx,
// enforces one company per Domain, saves and audits.
func (s *Service) putIntegration(ctx context.Context, tx ports.Store, p core.Principal, now time.Time,
	f integrationFields, disc checkedDiscovery) (core.Integration, error) {
	prev, found, err := s.loadIntegration(ctx, tx, p.CompanyID)
	if err != nil {
		return core.Integration{}, err
	}
	if !found {
		// deleted since the form was checked: the first-save rule applies again
		if err := requireFirstSave(f.domain, f.clientID, f.loginDomain, sealedMark(f.sealed)); err != nil {
			return core.Integration{}, err
		}
	} else if err := requireSecret(prev, f.sealed); err != nil {
		return core.Integration{}, err // cleared since the form was checked
	}
	next, changed := mergeIntegration(prev, f)
	next.CompanyID, next.UpdatedAt = p.CompanyID, now
	next.SignInSetByOwner = signInSetByOwner(p, prev, found, changed)
	if !found {
		next.CreatedAt = now
	}
	next.Discovery = core.Discovery{Status: core.DiscoveryNotChecked}
	if disc.issuer == next.Issuer {
		next.Discovery = disc.result
	}
	if err := domainFree(ctx, tx, p.CompanyID, next.Domain); err != nil {
		return core.Integration{}, err
	}
	saved, err := tx.Integrations().Put(ctx, next)
	if core.IsKind(err, core.Conflict) {
		return core.Integration{}, domainTaken(next.Domain)
	}
	if err != nil {
		return core.Integration{}, err
	}
	details := map[string]any{
		"created": !found, "changed": changed, "domain": saved.Domain, "client_id": saved.ClientID,
		"login_domain": saved.LoginDomain, "sso_only": saved.SSOOnly, "discovery": saved.Discovery.Status,
		"sign_in_set_by_owner": saved.SignInSetByOwner,
	}
	return saved, s.audit(ctx, tx, p, now, "integration.save", integrationRef(saved), details)
}

// signInSetByOwner says whether an Owner stands behind the sign-in settings after
// this save: an Owner's (or the operator's) save vouches for what it saves; anyone
// else's first save, or change of the Login Domain or Client ID (which say whose
// word Harriet takes for who signs in), leaves them vouched for by no Owner; other
// changes keep what was. A new secret alone is a rotation: it names no other IdP.
func signInSetByOwner(p core.Principal, prev core.Integration, found bool, changed []string) bool {
	if mayGrant(p, core.RoleOwner) { // an Owner, or the operator
		return true
	}
	if !found || slices.ContainsFunc(changed, func(c string) bool {
		return c == "login_domain" || c == "client_id"
	}) {
		return false
	}
	return prev.SignInSetByOwner
}

// mergeIntegration applies the non-empty fields to prev and names those that changed.
// The secret is reported as changed whenever a new one was given; its value never is.
func mergeIntegration(prev core.Integration, f integrationFields) (core.Integration, []string) {
	next, changed := prev, []string{}
	set := func(name string, dst *string, v string) {
		if v != "" && v != *dst {
			*dst = v
			changed = append(changed, name)
		}
	}
	set("domain", &next.Domain, f.domain)
	set("client_id", &next.ClientID, f.clientID)
	if f.loginDomain != "" && f.loginDomain != next.LoginDomain {
		next.LoginDomain, next.Issuer = f.loginDomain, f.issuer
		changed = append(changed, "login_domain")
	}
	if f.sealed != nil {
		next.SecretSealed = f.sealed
		changed = append(changed, "client_secret")
	}
	if f.ssoOnly != nil && *f.ssoOnly != next.SSOOnly {
		next.SSOOnly = *f.ssoOnly
		changed = append(changed, "sso_only")
	}
	return next, changed
}

// domainFree refuses a Domain held by another company's integration.
func domainFree(ctx context.Context, tx ports.Store, companyID, domain string) error {
	other, err := tx.Integrations().ByDomain(ctx, domain)
	switch {
	case core.IsKind(err, core.NotFound):
		return nil
	case err != nil:
		return err
	case other.CompanyID != companyID:
		return domainTaken(domain)
	}
	return nil
}

func domainTaken(domain string) error {
	e := core.E(core.Conflict, "The domain %s is already connected to another company's Okta integration. An email domain can belong to one company only; check the Domain, or contact support if %s is yours.", domain, domain)
	e.Field = "domain"
	return e
}

// integrationRef names the integration in the audit log.
func integrationRef(in core.Integration) core.Ref {
	return core.Ref{Kind: "integration", ID: in.CompanyID, Name: "okta " + in.Domain}
}

// sealedMark stands for a sealed secret in requireFirstSave, which checks presence only.
func sealedMark(sealed []byte) string {
	if sealed == nil {
		return ""
	}
	return "set"
}
