package usecase

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"

	"harriet/core"
	"harriet/ports"
)

// OktaCallback is what came back to /bots/okta/callback/: the flow from the signed
// cookie (nil when the browser had none, or none that verifies) and the query.
type OktaCallback struct {
	Flow             *LoginFlow
	State            string
	Code             string
	Error            string // Okta's error code, when it sent one instead of a code
	ErrorDescription string
	RequestID        string
}

// signInFailure is a refused sign-in: the error for the browser, the reason for the
// log and the audit, and what is known of who tried.
type signInFailure struct {
	err    error
	reason string
	user   *core.User
	email  string
}

// failed makes a failure with SPEC.md's generic message (400) and the cause.
func failed(format string, args ...any) *signInFailure {
	cause := fmt.Errorf(format, args...)
	return &signInFailure{err: core.Wrap(core.Invalid, cause, "%s", MsgOktaFailed), reason: cause.Error()}
}

// refused makes a failure with one of SPEC.md's own messages.
func refused(kind core.Kind, msg, reason string) *signInFailure {
	return &signInFailure{err: core.Wrap(kind, errors.New(reason), "%s", msg), reason: reason}
}

// AuthenticateOIDC finishes a sign-in with Okta. It checks the flow, exchanges the
// code once, checks the ID token's claims that go-oidc leaves to us, fetches
// userinfo when the token is thin, binds the verified email to the integration's
// company and domain, and signs in the existing user with that primary email (never
// creating one). The first success links the user to the Okta (issuer, subject). Every
// refusal carries SPEC.md's message and status (the error's Kind) with the cause kept
// for the log, and is audited in the integration's company when that is known.
func (s *SignIn) AuthenticateOIDC(ctx context.Context, cb OktaCallback) (NewSession, error) {
	ns, f := s.authenticateOIDC(ctx, cb)
	if f != nil {
		if cb.Flow != nil {
			s.auditFailure(ctx, cb.Flow.CompanyID, cb.RequestID, MethodOkta, f)
		}
		return NewSession{}, f.err
	}
	ns.ReturnTo = cb.Flow.ReturnTo
	return ns, nil
}

func (s *SignIn) authenticateOIDC(ctx context.Context, cb OktaCallback) (NewSession, *signInFailure) {
	if f := s.checkFlow(cb); f != nil {
		return NewSession{}, f
	}
	in, err := s.Store.Integrations().Get(ctx, cb.Flow.CompanyID)
	if err != nil {
		return NewSession{}, failed("integration of company %s: %v", cb.Flow.CompanyID, err)
	}
	if in.Issuer != cb.Flow.Issuer {
		return NewSession{}, failed("the integration's issuer changed from %s to %s during the sign-in", cb.Flow.Issuer, in.Issuer)
	}
	id, f := s.verifiedIdentity(ctx, in, cb)
	if f != nil {
		return NewSession{}, f
	}
	u, f := s.tenantUser(ctx, in, id)
	if f != nil {
		return NewSession{}, f
	}
	return s.finishOkta(ctx, in, u, id, cb.RequestID)
}

// checkFlow refuses a callback without a live flow or with another state, then turns
// Okta's error answer into SPEC.md's message, all before any token call.
func (s *SignIn) checkFlow(cb OktaCallback) *signInFailure {
	switch {
	case cb.Flow == nil:
		return failed("no valid sign-in flow cookie (missing, expired, tampered or from another browser)")
	case cb.State == "":
		return failed("the callback has no state")
	case subtle.ConstantTimeCompare([]byte(cb.State), []byte(cb.Flow.State)) != 1:
		return failed("the callback's state is not this browser's flow (another browser's flow, or a replay)")
	case !s.Clock.Now().Before(cb.Flow.ExpiresAt):
		return failed("the sign-in flow expired")
	case cb.Error == "access_denied":
		return refused(core.Forbidden, MsgNotAssigned, "okta: access_denied: "+cb.ErrorDescription)
	case cb.Error != "":
		return failed("okta answered %s: %s", cb.Error, cb.ErrorDescription)
	case cb.Code == "":
		return failed("the callback has neither a code nor an error")
	}
	return nil
}

// finishOkta links the user on first success (or refuses another subject), makes the
// session and audits the sign-in, in one transaction.
func (s *SignIn) finishOkta(ctx context.Context, in core.Integration, u core.User, id oktaIdentity, requestID string) (NewSession, *signInFailure) {
	now := s.Clock.Now()
	var ns NewSession
	var f *signInFailure
	err := s.Store.InTx(ctx, func(tx ports.Store) error {
		ns, f = NewSession{}, nil
		cur, err := tx.Users().Get(ctx, in.CompanyID, u.ID)
		if err != nil {
			return err
		}
		if !cur.Active {
			f = refused(core.Forbidden, MsgDeactivated, "the user is deactivated")
			f.user = &cur
			return nil
		}
		if f, err = ownerLevelRefused(ctx, tx, in, cur); f != nil || err != nil {
			return err
		}
		if cur, f, err = s.linkOkta(ctx, tx, cur, id, now, requestID); f != nil || err != nil {
			return err
		}
		if ns, err = s.createSession(ctx, tx, cur, MethodOkta, now); err != nil {
			return err
		}
		p := core.Principal{CompanyID: cur.CompanyID, User: cur, Kind: core.ActorUser, RequestID: requestID}
		return s.audit(ctx, tx, p, now, "signin.okta", userRef(cur), map[string]any{"issuer": id.issuer, "subject": id.subject})
	})
	if err != nil {
		f = failed("finishing the sign-in of user %s: %v", u.ID, err)
		f.user = &u
	}
	return ns, f
}

// linkOkta binds an unlinked user to the Okta identity, or refuses a user linked to
// another one (until an admin resets the link).
func (s *SignIn) linkOkta(ctx context.Context, tx ports.Store, u core.User, id oktaIdentity,
	now timeStamp, requestID string) (core.User, *signInFailure, error) {
	if l := u.OktaLink; l != nil {
		if l.Issuer == id.issuer && l.Subject == id.subject {
			return u, nil, nil
		}
		f := refused(core.Forbidden, MsgLinkedOther, fmt.Sprintf("linked to %s %s, signed in as %s %s", l.Issuer, l.Subject, id.issuer, id.subject))
		f.user = &u
		return u, f, nil
	}
	linked, err := tx.Users().Update(ctx, u.CompanyID, u.ID, func(x *core.User) error {
		x.OktaLink = &core.OktaLink{Issuer: id.issuer, Subject: id.subject, LinkedAt: now}
		return nil
	})
	if err != nil {
		return u, nil, err
	}
	p := core.Principal{CompanyID: u.CompanyID, User: linked, Kind: core.ActorUser, RequestID: requestID}
	err = s.audit(ctx, tx, p, now, "user.okta_link", userRef(linked), map[string]any{"issuer": id.issuer, "subject": id.subject})
	return linked, nil, err
}

// ownerLevelRefused refuses an Okta sign-in into an account holding Owner or Manage
// API Keys while the integration's sign-in settings were last changed by someone
// who is not an Owner. Whoever sets the Login Domain decides who Okta says a person
// is, so an Admin or Manage Integrations user pointing it at an IdP of their own
// must not get into an Owner's account: not one without a link yet, nor one they
// linked while it was plain and that has since been given an Owner-level role.
func ownerLevelRefused(ctx context.Context, tx ports.Store, in core.Integration, u core.User) (*signInFailure, error) {
	if in.SignInSetByOwner {
		return nil, nil
	}
	groups, err := groupsOf(ctx, tx, u)
	if err != nil {
		return nil, err
	}
	for _, r := range core.EffectiveRoles(u, groups).Roles() {
		if core.OwnerEquivalent(r) {
			f := failed("the account holds %s, and the Okta sign-in settings (Login Domain, Client ID) were last changed by someone who is not an Owner: "+
				"an Owner must save them in Company settings → Integrations → Okta before an Owner-level account signs in with Okta", r)
			f.user = &u
			return f, nil
		}
	}
	return nil, nil
}

// maxReasonLen bounds a failure's reason in the audit log (it may quote what Okta,
// or whoever forged a callback, sent).
const maxReasonLen = 300

// auditFailure records a refused sign-in in the company it was for. A failure to
// record it must not change the answer.
func (s *SignIn) auditFailure(ctx context.Context, companyID, requestID, method string, f *signInFailure) {
	if companyID == "" {
		return
	}
	p := core.Principal{CompanyID: companyID, Kind: core.ActorSystem, RequestID: requestID}
	target := core.Ref{Kind: "user", Name: f.email}
	if f.user != nil {
		p.Kind, p.User = core.ActorUser, *f.user
		target = userRef(*f.user)
	}
	reason := f.reason
	if len(reason) > maxReasonLen {
		reason = strings.ToValidUTF8(reason[:maxReasonLen], "") + "…"
	}
	details := map[string]any{"reason": reason, "message": core.MessageOf(f.err)}
	if f.email != "" {
		details["email"] = f.email
	}
	_ = s.audit(ctx, s.Store, p, s.Clock.Now(), "signin."+method+"_failed", target, details)
}
