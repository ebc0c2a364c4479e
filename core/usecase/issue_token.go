package usecase

import (
	"context"
	"strings"

	"harriet/core"
	"harriet/ports"
)

// maxTokenNameLen bounds a token's label.
const maxTokenNameLen = 100

// IssueToken creates an API token for the principal's user and returns it with its
// secret, which is shown once: only its SHA-256 and a display prefix are stored.
// A personal token needs ActManageOwnTokens; a provisioning (scim) token needs
// ActCreateProvisioningToken, because whoever controls SCIM can push Harriet Owner
// Group. Audited as "token.create".
func (s *Service) IssueToken(ctx context.Context, p core.Principal, name string, scope core.TokenScope) (core.Token, string, error) {
	name, scope, err := checkTokenInput(name, scope)
	if err != nil {
		return core.Token{}, "", err
	}
	if err := mayCreateToken(p, scope); err != nil {
		return core.Token{}, "", err
	}
	return s.createToken(ctx, p, p.User.ID, name, scope)
}

// IssueTokenAsOperator is `harriet token create`: it makes a token for the user with
// this email in the company with this slug, who must be allowed to hold that kind of
// token. The token's creator is that user; the audit actor is the operator.
func (s *Service) IssueTokenAsOperator(ctx context.Context, companySlug, userEmail, name string, scope core.TokenScope) (string, core.Token, error) {
	name, scope, err := checkTokenInput(name, scope)
	if err != nil {
		return "", core.Token{}, err
	}
	c, u, err := s.companyUser(ctx, companySlug, userEmail)
	if err != nil {
		return "", core.Token{}, err
	}
	roles, _, err := s.RolesOf(ctx, u)
	if err != nil {
		return "", core.Token{}, err
	}
	as := core.Principal{CompanyID: c.ID, User: u, Roles: roles, Kind: core.ActorUser}
	if err := mayCreateToken(as, scope); err != nil {
		return "", core.Token{}, core.E(core.Forbidden, "%s may not hold this token: %s", u.UserName, core.MessageOf(err))
	}
	op := core.Principal{CompanyID: c.ID, Kind: core.ActorOperator}
	t, secret, err := s.createToken(ctx, op, u.ID, name, scope)
	return secret, t, err
}

// companyUser finds an active user by email (or userName) in the company with the slug.
func (s *Service) companyUser(ctx context.Context, slug, email string) (core.Company, core.User, error) {
	c, err := s.companyBySlug(ctx, slug)
	if err != nil {
		return core.Company{}, core.User{}, err
	}
	u, err := s.Store.Users().ByEmail(ctx, c.ID, email)
	if core.IsKind(err, core.NotFound) {
		u, err = s.Store.Users().ByUserName(ctx, c.ID, email)
	}
	if core.IsKind(err, core.NotFound) {
		return core.Company{}, core.User{}, core.E(core.NotFound, "No user with the email %q in the company %q.", email, slug)
	}
	if err != nil {
		return core.Company{}, core.User{}, err
	}
	if !u.Active {
		return core.Company{}, core.User{}, core.E(core.Forbidden, "The user %q is deactivated and cannot hold API tokens.", email)
	}
	return c, u, nil
}

// companyBySlug finds a company for an operator command.
func (s *Service) companyBySlug(ctx context.Context, slug string) (core.Company, error) {
	c, err := s.Store.Companies().BySlug(ctx, strings.TrimSpace(slug))
	if core.IsKind(err, core.NotFound) {
		return core.Company{}, core.E(core.NotFound, "No company with the slug %q; `harriet bootstrap` creates one.", slug)
	}
	return c, err
}

// checkTokenInput validates a token's label and kind; an empty kind is personal.
func checkTokenInput(name string, scope core.TokenScope) (string, core.TokenScope, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", "", core.InvalidField("name", "Give the token a name that says what it is for, like \"Okta provisioning\".")
	}
	if err := core.ValidateText("name", name, maxTokenNameLen); err != nil {
		return "", "", err
	}
	switch scope {
	case "":
		scope = core.ScopePersonal
	case core.ScopePersonal, core.ScopeSCIM:
	default:
		return "", "", core.InvalidField("scope", "scope is \"personal\" (acts as you on /api/v1) or \"scim\" (a provisioning token for Okta), not %q.", scope)
	}
	return name, scope, nil
}

// mayCreateToken applies the permission table to creating a token of this kind.
func mayCreateToken(p core.Principal, scope core.TokenScope) error {
	if p.Kind == core.ActorToken && p.Scope == core.ScopeSCIM {
		return core.E(core.Forbidden, "A provisioning token cannot create API tokens; use a personal token or sign in.")
	}
	if p.User.ID == "" {
		return core.E(core.Forbidden, "API tokens belong to a user; sign in or use a personal token to create one.")
	}
	if scope == core.ScopeSCIM {
		return p.Require(core.ActCreateProvisioningToken, "create provisioning tokens: only Owners and Manage API Keys users can, since a provisioning token can push Harriet Owner Group")
	}
	return p.Require(core.ActManageOwnTokens, "create API tokens: Owners, Admins and Manage API Keys users can")
}

// createToken stores a new token made by creatorID and audits it as p.
func (s *Service) createToken(ctx context.Context, p core.Principal, creatorID, name string, scope core.TokenScope) (core.Token, string, error) {
	secret, err := core.NewTokenSecret()
	if err != nil {
		return core.Token{}, "", err
	}
	now := s.Clock.Now()
	t := core.Token{
		ID: s.IDs.New(), CompanyID: p.CompanyID, Name: name, Scope: scope,
		Prefix: core.DisplayPrefix(secret), Hash: core.HashToken(secret),
		CreatedBy: creatorID, CreatedAt: now,
	}
	err = s.Store.InTx(ctx, func(tx ports.Store) error {
		if err := tx.Tokens().Create(ctx, t); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, now, "token.create", tokenRef(t),
			map[string]any{"scope": string(scope), "created_by": creatorID, "prefix": t.Prefix})
	})
	if err != nil {
		return core.Token{}, "", err
	}
	return t, secret, nil
}

// tokenRef names a token in the audit log.
func tokenRef(t core.Token) core.Ref {
	return core.Ref{Kind: "token", ID: t.ID, Name: t.Name}
}
