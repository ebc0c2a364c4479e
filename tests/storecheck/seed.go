package storecheck

import (
	"context"
	"fmt"
	"time"

	"harriet/adapters/system"
	"harriet/core"
	"harriet/ports"
)

// ClientSecret is the Okta client secret Seed saves for a company slug.
func ClientSecret(slug string) string { return "okta-client-secret-of-" + slug + "-0123456789" }

// seeder writes records through the ports, each stamped a millisecond after the last.
type seeder struct {
	ctx  context.Context
	s    ports.Store
	box  ports.SecretBox
	ids  system.IDs
	at   time.Time
	errs []error
}

func (sd *seeder) now() time.Time {
	sd.at = sd.at.Add(time.Millisecond)
	return sd.at
}

func (sd *seeder) must(err error) {
	if err != nil {
		sd.errs = append(sd.errs, err)
	}
}

// Seed fills s with companies whose records cover what a copy can lose: for each
// of slugs, users (a deactivated one, soft-deleted ones, one whose userName a
// deleted user had before, updated ones with Version above 1), extra users to span
// several pages, groups (a role group, an updated one, one with skipped member IDs),
// memberships added at different times, tokens (revoked, used, provisioning), audit
// entries with nested details and, for every slug but the last, an integration saved
// three times whose client secret is sealed with box. extra is how many plain users
// each company gets on top.
func Seed(ctx context.Context, s ports.Store, box ports.SecretBox, extra int, slugs ...string) error {
	sd := &seeder{ctx: ctx, s: s, box: box, at: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)}
	for i, slug := range slugs {
		sd.company(slug, extra, i < len(slugs)-1)
		if len(sd.errs) > 0 {
			return fmt.Errorf("seeding %s: %v", slug, sd.errs[0])
		}
	}
	return nil
}

func (sd *seeder) company(slug string, extra int, withIntegration bool) {
	now := sd.now()
	c := core.Company{ID: sd.ids.New(), Slug: slug, Name: slug + " Inc", CreatedAt: now, UpdatedAt: now}
	sd.must(sd.s.Companies().Create(sd.ctx, c))
	owner := sd.user(c.ID, "owner@"+slug+".test", core.SourceBootstrap)
	at := sd.now()
	_, err := sd.s.Companies().Update(sd.ctx, c.ID, func(c *core.Company) error {
		c.PrimaryOwnerID, c.UpdatedAt = owner, at
		return nil
	})
	sd.must(err)
	users := sd.people(c.ID, slug, extra)
	groups := sd.groups(c.ID)
	sd.memberships(c.ID, groups, append([]string{owner}, users...))
	sd.tokens(c.ID, owner, users[0])
	sd.audits(c.ID, owner)
	if withIntegration {
		sd.integration(c.ID, slug)
	}
}

// user stores a live user with a full SCIM profile and returns its ID.
func (sd *seeder) user(cid, email, source string) string {
	now := sd.now()
	u := core.User{ID: sd.ids.New(), CompanyID: cid, UserName: email, ExternalID: "00u" + email[:3],
		Name:        core.Name{GivenName: "Given", FamilyName: "Family", Formatted: "Given Family", MiddleName: "M"},
		DisplayName: "Given Family", Title: "Engineer", Locale: "en-US", Timezone: "Europe/Paris",
		Emails:       []core.Email{{Value: email, Type: "work", Primary: true}, {Value: "home." + email, Type: "home"}},
		PhoneNumbers: []core.MultiValue{{Value: "+33 1 23 45 67 89", Type: "work", Primary: true}},
		Addresses:    []core.Address{{StreetAddress: "1 Rue", Locality: "Paris", Country: "FR", Type: "work", Primary: true}},
		Enterprise: &core.EnterpriseUser{EmployeeNumber: "42", Department: "R&D",
			Manager: &core.Manager{Value: "mgr-1", DisplayName: "The Manager"}},
		Active: true, Source: source, CreatedAt: now, UpdatedAt: now}
	if source == core.SourceBootstrap {
		u.DirectRoles, u.PasswordHash = []core.Role{core.RoleOwner}, []byte("$2a$10$notarealbcrypthashbutbytes")
	}
	sd.must(sd.s.Users().Create(sd.ctx, u))
	return u.ID
}

// people makes the company's other users and returns the live ones' IDs.
func (sd *seeder) people(cid, slug string, extra int) []string {
	ann := sd.user(cid, "ann@"+slug+".test", core.SourceSCIM)
	sd.update(cid, ann, func(u *core.User, _ time.Time) { u.Title = "Lead" })
	sd.update(cid, ann, func(u *core.User, at time.Time) {
		u.OktaLink = &core.OktaLink{Issuer: "https://" + slug + ".okta.com", Subject: "00uann", LinkedAt: at}
	})
	gone := sd.user(cid, "bob@"+slug+".test", core.SourceSCIM)
	sd.update(cid, gone, deleted)
	bob := sd.user(cid, "BOB@"+slug+".test", core.SourceSCIM) // the name a deleted user freed
	off := sd.user(cid, "cy@"+slug+".test", core.SourceManual)
	sd.update(cid, off, func(u *core.User, _ time.Time) { u.Active = false })
	live := []string{ann, bob, off}
	for i := range extra {
		live = append(live, sd.user(cid, fmt.Sprintf("user%04d@%s.test", i, slug), core.SourceSCIM))
	}
	late := sd.user(cid, "dee@"+slug+".test", core.SourceSCIM)
	sd.update(cid, late, deleted)
	return live
}

// update changes a user, stamping it with one new time (fn may run more than once).
func (sd *seeder) update(cid, id string, fn func(u *core.User, at time.Time)) {
	at := sd.now()
	_, err := sd.s.Users().Update(sd.ctx, cid, id, func(u *core.User) error {
		fn(u, at)
		u.UpdatedAt = at
		return nil
	})
	sd.must(err)
}

// deleted soft-deletes, as a SCIM DELETE does.
func deleted(u *core.User, at time.Time) { u.Active, u.DeletedAt = false, &at }
