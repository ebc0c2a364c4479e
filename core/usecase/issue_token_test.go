package usecase_test

import (
	"testing"

	"harriet/core"
	"harriet/ports"
)

func TestIssueTokenAsOperator(t *testing.T) {
	e := newAdminEnv(t)
	res := e.bootstrap("acme")
	keeper := e.addUser(res.Company.ID, "keys@acme.com", core.RoleManageAPIKeys)
	e.addUser(res.Company.ID, "admin@acme.com", core.RoleAdmin)
	e.addUser(res.Company.ID, "plain@acme.com")

	secret, tok, err := e.svc.IssueTokenAsOperator(e.ctx, "acme", "OWNER@acme.com", "okta", core.ScopeSCIM)
	if err != nil {
		t.Fatal(err)
	}
	if tok.CreatedBy != res.Owner.ID || tok.Scope != core.ScopeSCIM || !core.WellFormedToken(secret) {
		t.Fatalf("token %+v", tok)
	}
	p, err := e.svc.AuthenticateToken(e.ctx, secret, "r")
	if err != nil || p.CompanyID != res.Company.ID || p.Scope != core.ScopeSCIM {
		t.Fatalf("authenticate %+v %v", p, err)
	}
	created := e.audit(res.Company.ID, "token.create")
	if len(created) != 1 || created[0].Actor.Kind != core.ActorOperator || created[0].Target.ID != tok.ID {
		t.Fatalf("token.create entries %+v", created)
	}
	if _, _, err := e.svc.IssueTokenAsOperator(e.ctx, "acme", "keys@acme.com", "okta 2", core.ScopeSCIM); err != nil {
		t.Fatalf("Manage API Keys may make a provisioning token: %v", err)
	}
	if _, _, err := e.svc.IssueTokenAsOperator(e.ctx, "acme", "admin@acme.com", "mine", core.ScopePersonal); err != nil {
		t.Fatalf("an Admin may make a personal token: %v", err)
	}
	_, _, err = e.svc.IssueTokenAsOperator(e.ctx, "acme", "admin@acme.com", "okta", core.ScopeSCIM)
	wantKind(t, err, core.Forbidden, "Owners and Manage API Keys")
	_, _, err = e.svc.IssueTokenAsOperator(e.ctx, "acme", "plain@acme.com", "mine", "")
	wantKind(t, err, core.Forbidden, "plain@acme.com")
	_, _, err = e.svc.IssueTokenAsOperator(e.ctx, "nope", "owner@acme.com", "x", "")
	wantKind(t, err, core.NotFound, "nope")
	_, _, err = e.svc.IssueTokenAsOperator(e.ctx, "acme", "ghost@acme.com", "x", "")
	wantKind(t, err, core.NotFound, "ghost@acme.com")
	_, _, err = e.svc.IssueTokenAsOperator(e.ctx, "acme", "owner@acme.com", "", "")
	wantKind(t, err, core.Invalid, "name")

	_, err = e.db.Users().Update(e.ctx, res.Company.ID, keeper.ID, func(u *core.User) error { u.Active = false; return nil })
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = e.svc.IssueTokenAsOperator(e.ctx, "acme", "keys@acme.com", "x", "")
	wantKind(t, err, core.Forbidden, "deactivated")

	all, _ := e.db.Tokens().List(e.ctx, res.Company.ID, ports.TokenQuery{})
	if len(all) != 3 {
		t.Fatalf("%d tokens stored, want 3", len(all))
	}
}

func TestProvisioningPrincipalCannotIssueTokens(t *testing.T) {
	e := newAdminEnv(t)
	res := e.bootstrap("acme")
	secret, _, err := e.svc.IssueTokenAsOperator(e.ctx, "acme", "owner@acme.com", "okta", core.ScopeSCIM)
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.svc.AuthenticateToken(e.ctx, secret, "r")
	if err != nil {
		t.Fatal(err)
	}
	for _, scope := range []core.TokenScope{core.ScopePersonal, core.ScopeSCIM} {
		_, _, err := e.svc.IssueToken(e.ctx, p, "escalate", scope)
		wantKind(t, err, core.Forbidden, "provisioning token cannot")
	}
	_, err = e.svc.ListTokens(e.ctx, p, true)
	wantKind(t, err, core.Forbidden, "permission")
	all, _ := e.db.Tokens().List(e.ctx, res.Company.ID, ports.TokenQuery{})
	if len(all) != 1 {
		t.Fatalf("%d tokens, want 1", len(all))
	}
}
