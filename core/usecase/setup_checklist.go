package usecase

import (
	"context"
	"time"

	"harriet/core"
	"harriet/ports"
)

// SetupStep is one step of connecting Okta: whether it is done, and when (the
// latest time it happened, when known).
type SetupStep struct {
	Done bool
	At   *time.Time
}

// SetupChecklist is how far the company is with connecting Okta, in the order of
// the help article: the integration saved, a provisioning token made, users
// provisioned, a group pushed, someone signed in with Okta.
type SetupChecklist struct {
	IntegrationSaved  SetupStep
	ProvisioningToken SetupStep
	UsersProvisioned  SetupStep
	GroupPushed       SetupStep
	OktaSignIn        SetupStep
}

// CompanySetupChecklist reads the checklist from stored facts (ActReadIntegration):
// the integration, the company's usable provisioning tokens, and the newest audit
// entries of SCIM user creation, Group Push and Okta sign-in.
func (s *Service) CompanySetupChecklist(ctx context.Context, p core.Principal) (SetupChecklist, error) {
	if err := p.Require(core.ActReadIntegration, "see the Okta setup: Owners, Admins and Manage Integrations users can"); err != nil {
		return SetupChecklist{}, err
	}
	var c SetupChecklist
	in, found, err := s.loadIntegration(ctx, s.Store, p.CompanyID)
	if err != nil {
		return c, err
	}
	if found {
		c.IntegrationSaved = SetupStep{Done: true, At: &in.UpdatedAt}
	}
	if c.ProvisioningToken, err = s.provisioningStep(ctx, p.CompanyID); err != nil {
		return c, err
	}
	for _, st := range []struct {
		step   *SetupStep
		action string
	}{
		{&c.UsersProvisioned, "scim.user.create"},
		{&c.GroupPushed, "scim.group."},
		{&c.OktaSignIn, "signin.okta"},
	} {
		if *st.step, err = s.auditStep(ctx, p.CompanyID, st.action); err != nil {
			return c, err
		}
	}
	return c, nil
}

// provisioningStep is done when the company has a provisioning token not revoked.
func (s *Service) provisioningStep(ctx context.Context, companyID string) (SetupStep, error) {
	tokens, err := s.Store.Tokens().List(ctx, companyID, ports.TokenQuery{})
	if err != nil {
		return SetupStep{}, err
	}
	for i := len(tokens) - 1; i >= 0; i-- {
		if t := tokens[i]; t.Scope == core.ScopeSCIM && t.Usable() {
			return SetupStep{Done: true, At: &t.CreatedAt}, nil
		}
	}
	return SetupStep{}, nil
}

// auditStep is done when the audit log has an entry with the action (or prefix).
func (s *Service) auditStep(ctx context.Context, companyID, action string) (SetupStep, error) {
	entries, err := s.Store.Audit().List(ctx, companyID, ports.AuditQuery{Action: action, Limit: 1})
	if err != nil || len(entries) == 0 {
		return SetupStep{}, err
	}
	return SetupStep{Done: true, At: &entries[0].At}, nil
}
