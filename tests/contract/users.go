package contract

import (
	"testing"

	"harriet/core"
)

func userChecks() []check {
	return []check{
		{"Users/RoundTrip", userRoundTrip},
		{"Users/RoundTripMinimal", userRoundTripMinimal},
		{"Users/Lookups", userLookups},
		{"Users/Uniqueness", userUniqueness},
		{"Users/NoEmailsDoNotClash", userNoEmails},
		{"Users/ExternalIDNotUnique", userExternalIDs},
		{"Users/NotFound", userNotFound},
		{"Users/CompanyIsolation", userIsolation},
		{"Users/SoftDelete", userSoftDelete},
	}
}

// fullUser sets every field of a user, so a round trip proves each one is kept.
func (k *kit) fullUser(cid string) core.User {
	return core.User{
		ID: k.id(), CompanyID: cid, UserName: "Ada.Lovelace@Example.com", ExternalID: "00u1abcdEXT",
		Name: core.Name{Formatted: "Dr. Ada King Lovelace III", GivenName: "Ada", FamilyName: "Lovelace",
			MiddleName: "King", HonorificPrefix: "Dr.", HonorificSuffix: "III"},
		DisplayName: "Ada L.", NickName: "ada", ProfileURL: "https://example.com/ada", Title: "Countess",
		UserType: "Employee", PreferredLanguage: "en-GB", Locale: "en_GB", Timezone: "Europe/London",
		Emails: []core.Email{
			{Value: "ada.home@example.org", Type: "home", Display: "home"},
			{Value: "Ada.Lovelace@Example.com", Type: "work", Primary: true},
		},
		PhoneNumbers: []core.MultiValue{{Value: "+44 20 7946 0000", Type: "work", Primary: true}, {Value: "555", Type: "mobile", Display: "m"}},
		Addresses: []core.Address{{Formatted: "12 St James's Sq", StreetAddress: "12 St James's Square",
			Locality: "London", Region: "LND", PostalCode: "SW1Y 4JH", Country: "GB", Type: "work", Primary: true}},
		Enterprise: &core.EnterpriseUser{EmployeeNumber: "1815", CostCenter: "CC-1", Organization: "Analytical",
			Division: "Engines", Department: "Notes", Manager: &core.Manager{Value: k.id(), DisplayName: "Charles Babbage"}},
		Active: true, DirectRoles: []core.Role{core.RoleOwner, core.RoleFinance},
		PasswordHash: []byte("$2a$10$abcdefghijklmnopqrstuv\x00\xff"),
		OktaLink:     &core.OktaLink{Issuer: "https://acme.okta.com", Subject: "00u1", LinkedAt: k.now()},
		Source:       core.SourceSCIM, CreatedAt: k.now(), UpdatedAt: k.now(),
	}
}

func userRoundTrip(t *testing.T, k *kit) {
	c := k.company("acme")
	u := k.fullUser(c.ID)
	k.must(k.s.Users().Create(k.ctx, u))
	want := u
	want.Version = 1
	same(t, "Get", k.getUser(c.ID, u.ID), want)
	got, err := k.s.Users().ByUserName(k.ctx, c.ID, u.UserName)
	k.must(err)
	same(t, "ByUserName", got, want)
	got, err = k.s.Users().ByEmail(k.ctx, c.ID, "ada.lovelace@example.com")
	k.must(err)
	same(t, "ByEmail", got, want)
	list, err := k.s.Users().ByExternalID(k.ctx, c.ID, u.ExternalID)
	k.must(err)
	same(t, "ByExternalID", list, []core.User{want})
	list, err = k.s.Users().ByEmailAnyCompany(k.ctx, "ADA.LOVELACE@example.com")
	k.must(err)
	same(t, "ByEmailAnyCompany", list, []core.User{want})
	list, err = k.s.Users().List(k.ctx, c.ID, listAll)
	k.must(err)
	same(t, "List", list, []core.User{want})

	given := k.fullUser(c.ID)
	given.UserName, given.Emails, given.Version = "second", nil, 7
	k.must(k.s.Users().Create(k.ctx, given))
	same(t, "Create keeps a given Version", k.getUser(c.ID, given.ID), given)
}

func userRoundTripMinimal(t *testing.T, k *kit) {
	c := k.company("acme")
	u := core.User{ID: k.id(), CompanyID: c.ID, UserName: "bare", CreatedAt: k.now(), UpdatedAt: k.now()}
	k.must(k.s.Users().Create(k.ctx, u))
	u.Version = 1
	got := k.getUser(c.ID, u.ID)
	same(t, "Get of a user with nothing optional", got, u)
	if got.Enterprise != nil || got.OktaLink != nil || got.DeletedAt != nil || got.Active {
		t.Fatalf("unset pointers and flags must stay unset: %+v", got)
	}
}

func userLookups(t *testing.T, k *kit) {
	c := k.company("acme")
	u := k.user(c.ID, "Grace.Hopper@Example.COM", "Grace.Hopper@Example.COM")
	for _, name := range []string{"grace.hopper@example.com", "GRACE.HOPPER@EXAMPLE.COM", " Grace.Hopper@Example.COM "} {
		got, err := k.s.Users().ByUserName(k.ctx, c.ID, name)
		k.must(err)
		same(t, "ByUserName "+name, got, u)
		got, err = k.s.Users().ByEmail(k.ctx, c.ID, name)
		k.must(err)
		same(t, "ByEmail "+name, got, u)
	}
	if got := k.getUser(c.ID, u.ID); got.UserName != "Grace.Hopper@Example.COM" {
		t.Fatalf("userName must be kept as sent, got %q", got.UserName)
	}
	_, err := k.s.Users().ByEmail(k.ctx, c.ID, "grace@example.com")
	wantKind(t, err, core.NotFound, "ByEmail of another address")
}

func userUniqueness(t *testing.T, k *kit) {
	c := k.company("acme")
	first := k.user(c.ID, "alice", "alice@example.com")
	err := k.s.Users().Create(k.ctx, k.newUser(c.ID, "ALICE", "other@example.com"))
	wantKind(t, err, core.Conflict, "Create with a userName differing only in case")
	err = k.s.Users().Create(k.ctx, k.newUser(c.ID, "alice2", "Alice@EXAMPLE.com"))
	wantKind(t, err, core.Conflict, "Create with a primary email differing only in case")
	n, err := k.s.Users().Count(k.ctx, c.ID, true)
	k.must(err)
	if n != 1 {
		t.Fatalf("refused creates must store nothing: %d users", n)
	}
	// a non-primary email may repeat another user's primary one
	b := k.newUser(c.ID, "bob", "bob@example.com")
	b.Emails = append(b.Emails, core.Email{Value: "alice@example.com", Type: "other"})
	k.must(k.s.Users().Create(k.ctx, b))
	got, err := k.s.Users().ByEmail(k.ctx, c.ID, "alice@example.com")
	k.must(err)
	same(t, "ByEmail finds the primary owner of the address", got, first)
}

func userNoEmails(t *testing.T, k *kit) {
	c := k.company("acme")
	k.user(c.ID, "no-email-1", "")
	k.user(c.ID, "no-email-2", "")
	n, err := k.s.Users().Count(k.ctx, c.ID, false)
	k.must(err)
	if n != 2 {
		t.Fatalf("users without an email must not clash: count %d", n)
	}
}

func userExternalIDs(t *testing.T, k *kit) {
	c := k.company("acme")
	a, b := k.newUser(c.ID, "a", ""), k.newUser(c.ID, "b", "")
	a.ExternalID, b.ExternalID = "Ext-1", "Ext-1"
	k.must(k.s.Users().Create(k.ctx, a))
	k.must(k.s.Users().Create(k.ctx, b))
	got, err := k.s.Users().ByExternalID(k.ctx, c.ID, "Ext-1")
	k.must(err)
	sameIDs(t, "ByExternalID", userIDs(got), []string{a.ID, b.ID})
	got, err = k.s.Users().ByExternalID(k.ctx, c.ID, "ext-1")
	k.must(err)
	sameIDs(t, "ByExternalID is exact", userIDs(got), nil)
}

func userNotFound(t *testing.T, k *kit) {
	c := k.company("acme")
	k.user(c.ID, "alice", "alice@example.com")
	_, err := k.s.Users().Get(k.ctx, c.ID, k.id())
	wantKind(t, err, core.NotFound, "Get of an unknown user")
	_, err = k.s.Users().ByUserName(k.ctx, c.ID, "nobody")
	wantKind(t, err, core.NotFound, "ByUserName of an unknown userName")
	_, err = k.s.Users().ByEmail(k.ctx, c.ID, "nobody@example.com")
	wantKind(t, err, core.NotFound, "ByEmail of an unknown email")
	_, err = k.s.Users().Update(k.ctx, c.ID, k.id(), func(*core.User) error { return nil })
	wantKind(t, err, core.NotFound, "Update of an unknown user")
	_, err = k.s.Users().Get(k.ctx, k.id(), k.id())
	wantKind(t, err, core.NotFound, "Get in an unknown company")
}
