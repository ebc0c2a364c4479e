package storecheck

import (
	"fmt"

	"harriet/core"
	"harriet/ports"
)

// groups makes a role group, a plain group changed since (Version 2, skipped member
// IDs, an Okta change time) and an empty group, and returns their IDs.
func (sd *seeder) groups(cid string) []string {
	var ids []string
	for _, name := range []string{"Harriet Admin Group", "harriet admin group", "Empty"} {
		now := sd.now()
		g := core.Group{ID: sd.ids.New(), CompanyID: cid, DisplayName: name, ExternalID: "00g" + name[:3],
			ManagedByOkta: name != "Empty", CreatedAt: now, UpdatedAt: now}
		sd.must(sd.s.Groups().Create(sd.ctx, g))
		ids = append(ids, g.ID)
	}
	at := sd.now()
	_, err := sd.s.Groups().Update(sd.ctx, cid, ids[1], func(g *core.Group) error {
		g.NoteSkipped([]string{"unknown-1", "unknown-2"})
		g.OktaChangedAt, g.UpdatedAt = &at, at
		return nil
	})
	sd.must(err)
	return ids
}

// memberships puts every user in the first group, in two pushes at different
// times, and the first few users in the second group.
func (sd *seeder) memberships(cid string, groups, users []string) {
	half := len(users) / 2
	for _, part := range [][]string{users[:half], users[half:]} {
		_, err := sd.s.Members().Add(sd.ctx, cid, groups[0], part, sd.now())
		sd.must(err)
	}
	_, err := sd.s.Members().Add(sd.ctx, cid, groups[1], users[:min(3, len(users))], sd.now())
	sd.must(err)
}

// tokens makes a used personal token, a provisioning token and a revoked token.
func (sd *seeder) tokens(cid, owner, user string) {
	for i, spec := range []struct {
		by    string
		scope core.TokenScope
	}{{owner, core.ScopePersonal}, {owner, core.ScopeSCIM}, {user, core.ScopePersonal}} {
		secret, err := core.NewTokenSecret()
		sd.must(err)
		t := core.Token{ID: sd.ids.New(), CompanyID: cid, Name: fmt.Sprintf("token %d", i), Scope: spec.scope,
			Prefix: core.DisplayPrefix(secret), Hash: core.HashToken(secret), CreatedBy: spec.by, CreatedAt: sd.now()}
		sd.must(sd.s.Tokens().Create(sd.ctx, t))
		switch i {
		case 0:
			sd.must(sd.s.Tokens().Touch(sd.ctx, cid, t.ID, sd.now()))
		case 2:
			sd.must(sd.s.Tokens().Revoke(sd.ctx, cid, t.ID, sd.now()))
		}
	}
}

// audits appends entries of every actor kind, with nested details.
func (sd *seeder) audits(cid, owner string) {
	err := sd.s.InTx(sd.ctx, func(tx ports.Store) error {
		for i, kind := range []string{core.ActorOperator, core.ActorUser, core.ActorToken, core.ActorSystem, core.ActorUser} {
			e := core.AuditEntry{ID: sd.ids.New(), CompanyID: cid, At: sd.now(), Actor: core.Ref{Kind: kind, ID: owner, Name: "owner"},
				Action: fmt.Sprintf("test.action%d", i), Target: core.Ref{Kind: "user", ID: owner, Name: "owner"},
				Details:   map[string]any{"n": float64(i), "list": []any{"a", "b"}, "nested": map[string]any{"ok": true}},
				RequestID: fmt.Sprintf("req-%d", i)}
			if err := tx.Audit().Append(sd.ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	sd.must(err)
}

// integration saves the company's Okta integration three times (Version 3), the
// last with its client secret sealed by the seeder's box.
func (sd *seeder) integration(cid, slug string) {
	sealed, err := sd.box.Seal(cid, []byte(ClientSecret(slug)))
	sd.must(err)
	created := sd.now()
	for i := range 3 {
		in := core.Integration{CompanyID: cid, Domain: slug + ".test", ClientID: fmt.Sprintf("0oa%s%d", slug, i),
			LoginDomain: slug + ".okta.com", Issuer: "https://" + slug + ".okta.com", SecretSealed: sealed,
			SSOOnly: i == 2, SignInSetByOwner: i != 1, Discovery: core.Discovery{Status: core.DiscoveryOK, Metadata: []byte(`{"issuer":"https://` + slug + `.okta.com"}`)},
			CreatedAt: created, UpdatedAt: sd.now()}
		_, err := sd.s.Integrations().Put(sd.ctx, in)
		sd.must(err)
	}
}
