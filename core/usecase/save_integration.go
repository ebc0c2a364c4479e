package usecase

import (
	"context"
	"strings"

	"harriet/core"
	"harriet/ports"
)

// Bounds on pasted values, generous for Okta's and any other IdP's.
const (
	maxClientIDLen     = 200
	maxClientSecretLen = 1000
)

// SaveIntegrationInput is the Okta integration form. On the first save every string
// is required; later, an empty one keeps the saved value (the secret is never shown
// back, so an empty secret must keep it), and a nil SSOOnly keeps the saved setting.
// When no secret is saved (the operator cleared it, `harriet integration
// forget-secret`), the secret is required again: there is none to keep.
type SaveIntegrationInput struct {
	Domain       string
	ClientID     string
	LoginDomain  string
	ClientSecret string
	SSOOnly      *bool
}

// integrationFields is the validated, normalised input; "" means keep.
type integrationFields struct {
	domain, clientID, loginDomain, issuer string
	sealed                                []byte // nil: keep
	ssoOnly                               *bool
}

// SaveIntegration creates or changes the company's Okta integration (ActWriteIntegration).
// The Domain belongs to at most one company (Conflict); the Login Domain follows SPEC.md's
// rule; the client secret is sealed with the company ID and never returned. When a
// Discoverer is set the IdP is checked before anything is saved. Bad input saves nothing.
// Audited as "integration.save" with the names of the fields that changed.
func (s *Service) SaveIntegration(ctx context.Context, p core.Principal, in SaveIntegrationInput) (core.Integration, error) {
	if err := p.Require(core.ActWriteIntegration, "change the Okta integration: Owners, Admins and Manage Integrations users can"); err != nil {
		return core.Integration{}, err
	}
	prev, found, err := s.loadIntegration(ctx, s.Store, p.CompanyID)
	if err != nil {
		return core.Integration{}, err
	}
	f, err := s.integrationInput(p.CompanyID, in, found)
	if err == nil && found {
		err = requireSecret(prev, f.sealed)
	}
	if err != nil {
		return core.Integration{}, err
	}
	checked := pick(f.issuer, prev.Issuer)
	disc, err := s.discover(ctx, checked)
	if err != nil {
		return core.Integration{}, err
	}
	var saved core.Integration
	now := s.Clock.Now()
	err = s.Store.InTx(ctx, func(tx ports.Store) error {
		saved, err = s.putIntegration(ctx, tx, p, now, f, checkedDiscovery{checked, disc})
		return err
	})
	if err != nil {
		return core.Integration{}, err
	}
	return saved, nil
}

// integrationInput validates and normalises the form, sealing a new secret.
func (s *Service) integrationInput(companyID string, in SaveIntegrationInput, exists bool) (integrationFields, error) {
	f := integrationFields{ssoOnly: in.SSOOnly}
	domain, clientID := strings.TrimSpace(in.Domain), strings.TrimSpace(in.ClientID)
	loginDomain, secret := strings.TrimSpace(in.LoginDomain), strings.TrimSpace(in.ClientSecret)
	if !exists {
		if err := requireFirstSave(domain, clientID, loginDomain, secret); err != nil {
			return f, err
		}
	}
	var err error
	if domain != "" {
		if f.domain, err = core.NormalizeEmailDomain(domain); err != nil {
			return f, err
		}
	}
	if f.clientID, err = checkClientID(clientID); err != nil {
		return f, err
	}
	if loginDomain != "" {
		if f.loginDomain, f.issuer, err = core.NormalizeLoginDomain(loginDomain, s.AllowInsecureIdP); err != nil {
			return f, err
		}
	}
	if secret != "" {
		if len(secret) > maxClientSecretLen || strings.Contains(secret, " ") || core.ValidateText("client_secret", secret, 0) != nil {
			return f, core.InvalidField("client_secret", "The Secret key is the client secret from the Okta app's General tab: at most %d characters, no spaces or control characters.", maxClientSecretLen)
		}
		if f.sealed, err = s.Secrets.Seal(companyID, []byte(secret)); err != nil {
			return f, core.Wrap(core.Internal, err, "could not encrypt the client secret")
		}
	}
	return f, nil
}

// requireSecret refuses a save that leaves the integration without a client secret:
// one saved without (its secret cleared by the operator) must be given one, since
// sign-in with Okta cannot work without it.
func requireSecret(prev core.Integration, sealed []byte) error {
	if len(prev.SecretSealed) > 0 || sealed != nil {
		return nil
	}
	return core.InvalidField("client_secret", "Secret key (client_secret) is required: no client secret is saved for this integration (the operator cleared it). Copy the client secret from the Okta app's General tab.")
}

// requireFirstSave names the first missing field of a first save.
func requireFirstSave(domain, clientID, loginDomain, secret string) error {
	switch {
	case domain == "":
		return core.InvalidField("domain", "Domain is required: your company's email domain, like acme.com.")
	case clientID == "":
		return core.InvalidField("client_id", "Client ID is required: copy it from the Okta app's General tab.")
	case loginDomain == "":
		return core.InvalidField("login_domain", "Login Domain is required: your Okta org's domain, like company.okta.com.")
	case secret == "":
		return core.InvalidField("client_secret", "Secret key is required the first time: copy the client secret from the Okta app's General tab.")
	}
	return nil
}

func checkClientID(id string) (string, error) {
	if err := core.ValidateText("client_id", id, maxClientIDLen); err != nil {
		return "", err
	}
	if strings.Contains(id, " ") {
		return "", core.InvalidField("client_id", "The Client ID is the value from the Okta app's General tab: at most %d characters, no spaces.", maxClientIDLen)
	}
	return id, nil
}

// discover checks the IdP outside any transaction; without a Discoverer it is not checked.
func (s *Service) discover(ctx context.Context, issuer string) (core.Discovery, error) {
	if s.Discoverer == nil || issuer == "" {
		return core.Discovery{Status: core.DiscoveryNotChecked}, nil
	}
	return s.Discoverer.Discover(ctx, issuer)
}

// loadIntegration reads the company's integration, reporting whether there is one.
func (s *Service) loadIntegration(ctx context.Context, st ports.Store, companyID string) (core.Integration, bool, error) {
	in, err := st.Integrations().Get(ctx, companyID)
	if core.IsKind(err, core.NotFound) {
		return core.Integration{}, false, nil
	}
	return in, err == nil, err
}

func pick(v, keep string) string {
	if v != "" {
		return v
	}
	return keep
}
