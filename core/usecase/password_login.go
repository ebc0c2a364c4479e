package usecase

import (
	"context"
	"strings"

	"harriet/core"
	"harriet/ports"
)

// Messages of password sign-in.
const (
	msgWrongPassword = "The email or password is not right."
	msgNoPassword    = "Enter your password."
)

// maxPasswordCandidates bounds the bcrypt comparisons one attempt may cost.
const maxPasswordCandidates = 8

// PasswordInput is a password sign-in attempt. Company is the slug the page asked
// for when the email is in several companies.
type PasswordInput struct {
	Email     string
	Password  string
	Company   string
	ReturnTo  string
	RequestID string
}

// CompanyChoice is a company the page offers when an email is in several.
type CompanyChoice struct {
	Slug string
	Name string
}

// PasswordResult is a session, or, when the email and password fit accounts in
// several companies and none was chosen, the companies to choose from.
type PasswordResult struct {
	Session NewSession
	Choices []CompanyChoice
}

// PasswordSignIn signs in an account that has a password. The accounts of the
// company whose integration makes the email's domain SSO-only are never tried; when
// no other account fits, the answer is Forbidden, MsgSSOOnly. Which companies an
// email belongs to is only said after the password fits, so the question reveals
// nothing to someone without it.
func (s *SignIn) PasswordSignIn(ctx context.Context, in PasswordInput) (PasswordResult, error) {
	email := strings.TrimSpace(in.Email)
	if err := core.ValidateEmail("email", email); err != nil {
		return PasswordResult{}, core.InvalidField("email", "Enter your email address, like name@acme.com.")
	}
	switch {
	case in.Password == "":
		return PasswordResult{}, core.InvalidField("password", msgNoPassword)
	case len(in.Password) > maxPasswordBytes:
		return PasswordResult{}, core.InvalidField("password", "Passwords are at most %d bytes; this one is longer, so it cannot be right.", maxPasswordBytes)
	}
	sso, only, err := s.ssoOnlyIntegration(ctx, email)
	if err != nil {
		return PasswordResult{}, err
	}
	ssoCompany := ""
	if only {
		ssoCompany = sso.CompanyID
	}
	matched, err := s.passwordMatches(ctx, email, in, ssoCompany)
	if err != nil {
		return PasswordResult{}, err
	}
	switch {
	case len(matched) == 0 && only:
		// Said whether or not the address has a password elsewhere, so the answer
		// tells a stranger nothing about other companies.
		return PasswordResult{}, core.E(core.Forbidden, MsgSSOOnly)
	case len(matched) == 0:
		return PasswordResult{}, core.E(core.Unauthenticated, msgWrongPassword)
	case len(matched) > 1:
		return PasswordResult{Choices: s.choices(ctx, matched)}, nil
	}
	ns, err := s.finishPassword(ctx, matched[0], in.RequestID)
	if err != nil {
		return PasswordResult{}, err
	}
	ns.ReturnTo = SafeReturnPath(in.ReturnTo)
	return PasswordResult{Session: ns}, nil
}

// passwordMatches returns the accounts with this primary email (in the chosen
// company, when one was) whose password fits; when none fits, every one tried is
// audited as a failed sign-in in its company. The accounts of ssoCompany (whose
// integration makes this domain SSO only) are never tried: that company signs its
// people in with Okta only.
func (s *SignIn) passwordMatches(ctx context.Context, email string, in PasswordInput, ssoCompany string) ([]core.User, error) {
	users, err := s.Store.Users().ByEmailAnyCompany(ctx, email)
	if err != nil {
		return nil, err
	}
	var candidates []core.User
	for _, u := range users {
		if u.CompanyID == ssoCompany {
			continue
		}
		if len(u.PasswordHash) > 0 && !u.Deleted() && s.inCompany(ctx, u, in.Company) {
			candidates = append(candidates, u)
		}
	}
	if len(candidates) > maxPasswordCandidates {
		candidates = candidates[:maxPasswordCandidates]
	}
	if len(candidates) == 0 {
		// an unknown email costs the same time as a wrong password
		_, _ = s.Passwords.Verify(nil, in.Password)
		return nil, nil
	}
	var matched, wrong []core.User
	for _, u := range candidates {
		ok, err := s.Passwords.Verify(u.PasswordHash, in.Password)
		if err != nil {
			return nil, core.Wrap(core.Internal, err, "could not check the password")
		}
		if ok {
			matched = append(matched, u)
		} else {
			wrong = append(wrong, u)
		}
	}
	if len(matched) == 0 {
		// Only a failed attempt is one: when the password fits an account, the same
		// address with another password elsewhere is no attempt on that company.
		for _, u := range wrong {
			f := refused(core.Unauthenticated, msgWrongPassword, "wrong password")
			f.user, f.email = &u, email
			s.auditFailure(ctx, u.CompanyID, in.RequestID, MethodPassword, f)
		}
	}
	return matched, nil
}

// inCompany reports whether u is in the company of slug ("" is every company).
func (s *SignIn) inCompany(ctx context.Context, u core.User, slug string) bool {
	if slug == "" {
		return true
	}
	c, err := s.Store.Companies().Get(ctx, u.CompanyID)
	return err == nil && c.Slug == slug
}

func (s *SignIn) choices(ctx context.Context, users []core.User) []CompanyChoice {
	out := make([]CompanyChoice, 0, len(users))
	for _, u := range users {
		if c, err := s.Store.Companies().Get(ctx, u.CompanyID); err == nil {
			out = append(out, CompanyChoice{Slug: c.Slug, Name: c.Name})
		}
	}
	return out
}

// finishPassword makes the session of a user whose password fits, in one
// transaction with its audit entry; a deactivated user is refused.
func (s *SignIn) finishPassword(ctx context.Context, u core.User, requestID string) (NewSession, error) {
	if !u.Active {
		f := refused(core.Forbidden, MsgDeactivated, "the user is deactivated")
		f.user = &u
		s.auditFailure(ctx, u.CompanyID, requestID, MethodPassword, f)
		return NewSession{}, f.err
	}
	now := s.Clock.Now()
	var ns NewSession
	err := s.Store.InTx(ctx, func(tx ports.Store) error {
		var err error
		if ns, err = s.createSession(ctx, tx, u, MethodPassword, now); err != nil {
			return err
		}
		p := core.Principal{CompanyID: u.CompanyID, User: u, Kind: core.ActorUser, RequestID: requestID}
		return s.audit(ctx, tx, p, now, "signin.password", userRef(u), nil)
	})
	return ns, err
}
