package usecase_test

import (
	"bytes"
	"context"
	"fmt"
	"harriet/adapters/passwords"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"harriet/adapters/boltstore"
	"harriet/adapters/keys"
	"harriet/adapters/system"
	"harriet/core"
	"harriet/core/usecase"
	"harriet/ports"
)

// adminEnv is a Service over a temp bbolt file, for the company, token and
// integration use cases.
type adminEnv struct {
	t   *testing.T
	ctx context.Context
	db  *boltstore.DB
	svc *usecase.Service
}

func newAdminEnv(t *testing.T) *adminEnv {
	t.Helper()
	db, err := boltstore.Open(filepath.Join(t.TempDir(), "h.db"), boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	root, err := keys.FromBytes(bytes.Repeat([]byte{9}, keys.Size))
	if err != nil {
		t.Fatal(err)
	}
	box, err := keys.NewSecretBox(root, keys.PurposeOktaClientSecret)
	if err != nil {
		t.Fatal(err)
	}
	svc := &usecase.Service{Store: db, Clock: system.Clock{}, IDs: system.IDs{}, Passwords: passwords.Bcrypt{Cost: 4}, Secrets: box}
	return &adminEnv{t: t, ctx: context.Background(), db: db, svc: svc}
}

// bootstrap makes a company whose Owner's email is owner@<slug>.com.
func (e *adminEnv) bootstrap(slug string) usecase.BootstrapResult {
	e.t.Helper()
	res, err := e.svc.BootstrapCompany(e.ctx, usecase.BootstrapInput{Slug: slug, Name: slug, OwnerEmail: "owner@" + slug + ".com", Password: "password of " + slug})
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

// addUser stores an active user with direct roles.
func (e *adminEnv) addUser(companyID, email string, roles ...core.Role) core.User {
	e.t.Helper()
	now := e.svc.Clock.Now()
	u := core.User{ID: e.svc.IDs.New(), CompanyID: companyID, UserName: email, Emails: []core.Email{{Value: email, Primary: true}},
		Active: true, DirectRoles: roles, Source: core.SourceManual, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := e.db.Users().Create(e.ctx, u); err != nil {
		e.t.Fatal(err)
	}
	return u
}

// signedIn is the principal of a signed-in session of u.
func (e *adminEnv) signedIn(u core.User) core.Principal {
	e.t.Helper()
	roles, _, err := e.svc.RolesOf(e.ctx, u)
	if err != nil {
		e.t.Fatal(err)
	}
	return core.Principal{CompanyID: u.CompanyID, User: u, Roles: roles, Kind: core.ActorUser, RequestID: "req-1"}
}

func (e *adminEnv) audit(companyID, action string) []core.AuditEntry {
	e.t.Helper()
	entries, err := e.db.Audit().List(e.ctx, companyID, ports.AuditQuery{Action: action, Limit: 10000})
	if err != nil {
		e.t.Fatal(err)
	}
	return entries
}

func wantKind(t *testing.T, err error, kind core.Kind, text string) {
	t.Helper()
	if !core.IsKind(err, kind) || !strings.Contains(core.MessageOf(err), text) {
		t.Fatalf("error %v, want %s saying %q", err, kind, text)
	}
}

func TestBootstrapCompany(t *testing.T) {
	e := newAdminEnv(t)
	res, err := e.svc.BootstrapCompany(e.ctx, usecase.BootstrapInput{Slug: "acme", Name: "Acme Inc",
		OwnerEmail: "Ada.Lovelace@Acme.com", OwnerName: "Ada King Lovelace", Password: "a long passphrase"})
	if err != nil {
		t.Fatal(err)
	}
	if res.GeneratedPassword != "" {
		t.Fatal("a password was generated although one was given")
	}
	c, err := e.db.Companies().BySlug(e.ctx, "acme")
	if err != nil || c.ID != res.Company.ID || c.Name != "Acme Inc" || c.PrimaryOwnerID != res.Owner.ID {
		t.Fatalf("company %+v %v", c, err)
	}
	u, err := e.db.Users().ByEmail(e.ctx, c.ID, "ada.lovelace@acme.com")
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != res.Owner.ID || !u.Active || u.Source != core.SourceBootstrap || u.UserName != "Ada.Lovelace@Acme.com" ||
		len(u.DirectRoles) != 1 || u.DirectRoles[0] != core.RoleOwner ||
		u.Name.GivenName != "Ada" || u.Name.FamilyName != "King Lovelace" {
		t.Fatalf("owner %+v", u)
	}
	if bcrypt.CompareHashAndPassword(u.PasswordHash, []byte("a long passphrase")) != nil {
		t.Fatal("the stored hash does not match the password")
	}
	if roles, _, _ := e.svc.RolesOf(e.ctx, u); len(roles[core.RoleOwner]) != 1 || roles[core.RoleOwner][0] != core.SourceDirect {
		t.Fatalf("roles %v", roles)
	}
	for _, action := range []string{"company.bootstrap", "user.create"} {
		entries := e.audit(c.ID, action)
		if len(entries) != 1 || entries[0].Actor.Kind != core.ActorOperator {
			t.Fatalf("%s entries %+v", action, entries)
		}
	}
}

func TestBootstrapGeneratesPasswordAndNames(t *testing.T) {
	e := newAdminEnv(t)
	cases := []struct{ slug, email, name, given, family string }{
		{"one", "jane.doe@one.com", "", "Jane", "Doe"},
		{"two", "jane_q_public@two.com", "", "Jane", "Public"},
		{"three", "cher@three.com", "", "Cher", "Cher"},
		{"four", "x@four.com", "Madonna", "Madonna", "Madonna"},
	}
	for _, c := range cases {
		res, err := e.svc.BootstrapCompany(e.ctx, usecase.BootstrapInput{Slug: c.slug, Name: c.slug, OwnerEmail: c.email, OwnerName: c.name})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.GeneratedPassword) < 20 {
			t.Fatalf("generated password %q is too weak", res.GeneratedPassword)
		}
		u, _ := e.db.Users().Get(e.ctx, res.Company.ID, res.Owner.ID)
		if bcrypt.CompareHashAndPassword(u.PasswordHash, []byte(res.GeneratedPassword)) != nil {
			t.Fatal("the generated password does not match the stored hash")
		}
		if bytes.Contains(u.PasswordHash, []byte(res.GeneratedPassword)) {
			t.Fatal("the password is stored in clear")
		}
		if u.Name.GivenName != c.given || u.Name.FamilyName != c.family {
			t.Errorf("%s: name %+v, want %s %s", c.email, u.Name, c.given, c.family)
		}
	}
}

func TestBootstrapRefusals(t *testing.T) {
	e := newAdminEnv(t)
	e.bootstrap("acme")
	cases := []struct {
		in   usecase.BootstrapInput
		kind core.Kind
		text string
	}{
		{usecase.BootstrapInput{Slug: "acme", Name: "Again", OwnerEmail: "new@acme.com"}, core.Conflict, "already exists"},
		{usecase.BootstrapInput{Slug: "Acme Inc", Name: "X", OwnerEmail: "a@b.com"}, core.Invalid, "slug"},
		{usecase.BootstrapInput{Slug: "ok", Name: "", OwnerEmail: "a@b.com"}, core.Invalid, "name"},
		{usecase.BootstrapInput{Slug: "ok", Name: "X", OwnerEmail: "not-an-email"}, core.Invalid, "not an email"},
		{usecase.BootstrapInput{Slug: "ok", Name: "X", OwnerEmail: "a@b.com", Password: strings.Repeat("p", 73)}, core.Invalid, "at most 72 bytes"},
		{usecase.BootstrapInput{Slug: "ok", Name: "X", OwnerEmail: "a@b.com", Password: "x"}, core.Invalid, "1 characters long; passwords must have at least 12"},
		{usecase.BootstrapInput{Slug: "ok", Name: "X", OwnerEmail: "a@b.com", Password: "elevenchars"}, core.Invalid, "at least 12"},
		{usecase.BootstrapInput{Slug: "ok", Name: "X", OwnerEmail: "a@b.com", Password: "ééééééééééé"}, core.Invalid, "11 characters long"},
		{usecase.BootstrapInput{Slug: "ok", Name: "X", OwnerEmail: "a@b.com", Password: strings.Repeat(" ", 20)}, core.Invalid, "only white space"},
		{usecase.BootstrapInput{Slug: "ok", Name: "X", OwnerEmail: "a@b.com", Password: "\t\n \t\n \t\n \t\n \t\n"}, core.Invalid, "only white space"},
	}
	for _, c := range cases {
		_, err := e.svc.BootstrapCompany(e.ctx, c.in)
		wantKind(t, err, c.kind, c.text)
	}
	companies, _ := e.db.Companies().List(e.ctx)
	if len(companies) != 1 {
		t.Fatalf("%d companies after refusals, want 1", len(companies))
	}
	if n, _ := e.db.Users().Count(e.ctx, companies[0].ID, true); n != 1 {
		t.Fatalf("%d users after refusals, want 1", n)
	}
	if _, err := e.svc.BootstrapCompany(e.ctx, usecase.BootstrapInput{Slug: "ok", Name: "X", OwnerEmail: "a@b.com", Password: strings.Repeat("p", 72)}); err != nil {
		t.Fatalf("a 72-byte password is refused: %v", err)
	}
	for i, pw := range []string{"twelve chars", "ééééééééééé!"} {
		if _, err := e.svc.BootstrapCompany(e.ctx, usecase.BootstrapInput{Slug: fmt.Sprintf("twelve-%d", i), Name: "X", OwnerEmail: "a@b.com", Password: pw}); err != nil {
			t.Fatalf("a 12-character password %q is refused: %v", pw, err)
		}
	}
	// every way of setting a password gets the rule, not only bootstrap
	for _, pw := range []string{"short", "            "} {
		if _, err := e.svc.HashPassword(pw); !core.IsKind(err, core.Invalid) {
			t.Fatalf("HashPassword(%q) = %v, want Invalid", pw, err)
		}
	}
}
