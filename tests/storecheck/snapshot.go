// Package storecheck reads a whole store through the ports into a Snapshot and
// compares two snapshots record by record, so a store copy can be checked to have
// moved every record with its IDs, versions and times exactly. It also seeds a store
// with the records that are easy to lose in a copy (soft-deleted users, revoked
// tokens, a re-saved integration, memberships added at different times).
package storecheck

import (
	"context"
	"encoding/json"
	"fmt"

	"harriet/core"
	"harriet/ports"
)

// Snapshot is everything a store holds, per company ID. Integrations are kept
// without their sealed secret (a sealed value differs with every seal); Secrets
// holds the secret opened with the store's key instead.
type Snapshot struct {
	Companies    []core.Company
	Users        map[string][]core.User
	Groups       map[string][]core.Group
	Memberships  map[string][]core.Membership
	Tokens       map[string][]core.Token
	Integrations map[string]core.Integration
	Secrets      map[string]string
	Audit        map[string][]core.AuditEntry
}

// Take reads every record of s through the ports, opening client secrets with box.
func Take(ctx context.Context, s ports.Store, box ports.SecretBox) (Snapshot, error) {
	cs, err := s.Companies().List(ctx)
	if err != nil {
		return Snapshot{}, err
	}
	snap := Snapshot{Companies: cs, Users: map[string][]core.User{}, Groups: map[string][]core.Group{},
		Memberships: map[string][]core.Membership{}, Tokens: map[string][]core.Token{},
		Integrations: map[string]core.Integration{}, Secrets: map[string]string{}, Audit: map[string][]core.AuditEntry{}}
	for _, c := range cs {
		if err := snap.takeCompany(ctx, s, box, c.ID); err != nil {
			return Snapshot{}, fmt.Errorf("company %s: %w", c.Slug, err)
		}
	}
	return snap, nil
}

func (snap *Snapshot) takeCompany(ctx context.Context, s ports.Store, box ports.SecretBox, cid string) error {
	var err error
	if snap.Users[cid], err = s.Users().List(ctx, cid, ports.ListQuery{IncludeDeleted: true}); err != nil {
		return err
	}
	if snap.Groups[cid], err = s.Groups().List(ctx, cid, ports.ListQuery{}); err != nil {
		return err
	}
	for _, g := range snap.Groups[cid] {
		ms, err := s.Members().Memberships(ctx, cid, g.ID, ports.ListQuery{})
		if err != nil {
			return err
		}
		snap.Memberships[cid] = append(snap.Memberships[cid], ms...)
	}
	if snap.Tokens[cid], err = s.Tokens().List(ctx, cid, ports.TokenQuery{IncludeRevoked: true}); err != nil {
		return err
	}
	if snap.Audit[cid], err = s.Audit().List(ctx, cid, ports.AuditQuery{}); err != nil {
		return err
	}
	return snap.takeIntegration(ctx, s, box, cid)
}

func (snap *Snapshot) takeIntegration(ctx context.Context, s ports.Store, box ports.SecretBox, cid string) error {
	in, err := s.Integrations().Get(ctx, cid)
	if core.IsKind(err, core.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(in.SecretSealed) > 0 {
		plain, err := box.Open(cid, in.SecretSealed)
		if err != nil {
			return fmt.Errorf("the client secret does not open: %w", err)
		}
		snap.Secrets[cid] = string(plain)
	}
	in.SecretSealed = nil
	snap.Integrations[cid] = in
	return nil
}

// Count is how many records of each kind the snapshot holds, for messages.
func (snap Snapshot) Count() map[string]int {
	n := map[string]int{"companies": len(snap.Companies), "integrations": len(snap.Integrations)}
	for _, c := range snap.Companies {
		n["users"] += len(snap.Users[c.ID])
		n["groups"] += len(snap.Groups[c.ID])
		n["memberships"] += len(snap.Memberships[c.ID])
		n["tokens"] += len(snap.Tokens[c.ID])
		n["audit"] += len(snap.Audit[c.ID])
	}
	return n
}

// Diff lists the differences between two snapshots, record by record (at most a
// few per kind of record); none means they hold the same records with the same IDs,
// versions, times and secrets.
func Diff(want, got Snapshot) []string {
	out := diffList("companies", want.Companies, got.Companies, func(c core.Company) string { return c.ID })
	for _, c := range want.Companies {
		id := c.ID
		out = append(out, diffList("users of "+c.Slug, want.Users[id], got.Users[id], func(u core.User) string { return u.ID })...)
		out = append(out, diffList("groups of "+c.Slug, want.Groups[id], got.Groups[id], func(g core.Group) string { return g.ID })...)
		out = append(out, diffList("memberships of "+c.Slug, want.Memberships[id], got.Memberships[id],
			func(m core.Membership) string { return m.GroupID + "/" + m.UserID })...)
		out = append(out, diffList("tokens of "+c.Slug, want.Tokens[id], got.Tokens[id], func(t core.Token) string { return t.ID })...)
		out = append(out, diffList("audit of "+c.Slug, want.Audit[id], got.Audit[id], func(e core.AuditEntry) string { return e.ID })...)
		if w, g := jsonOf(want.Integrations[id]), jsonOf(got.Integrations[id]); w != g {
			out = append(out, fmt.Sprintf("integration of %s:\n  want %s\n  got  %s", c.Slug, w, g))
		}
		if want.Secrets[id] != got.Secrets[id] {
			out = append(out, fmt.Sprintf("client secret of %s differs (lengths %d and %d)", c.Slug, len(want.Secrets[id]), len(got.Secrets[id])))
		}
	}
	return out
}

// maxDiffs is how many differing records Diff shows per kind.
const maxDiffs = 3

// diffList compares two lists in order, naming each differing record by key.
func diffList[T any](what string, want, got []T, key func(T) string) []string {
	var out []string
	if len(want) != len(got) {
		out = append(out, fmt.Sprintf("%s: %d records, want %d", what, len(got), len(want)))
	}
	for i := range min(len(want), len(got)) {
		w, g := jsonOf(want[i]), jsonOf(got[i])
		if w == g {
			continue
		}
		if len(out) >= maxDiffs {
			return append(out, what+": more differences")
		}
		out = append(out, fmt.Sprintf("%s, record %s:\n  want %s\n  got  %s", what, key(want[i]), w, g))
	}
	return out
}

// jsonOf is the comparison form: times as RFC 3339 in UTC, bytes as base64, maps
// with sorted keys, so equal records compare equal whichever store they came from.
func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "unencodable: " + err.Error()
	}
	return string(b)
}
