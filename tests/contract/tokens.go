package contract

import (
	"testing"

	"harriet/core"
	"harriet/ports"
)

func tokenChecks() []check {
	return []check{
		{"Tokens/RoundTripAndByHash", tokenRoundTrip},
		{"Tokens/RevokeTouchList", tokenRevokeTouch},
		{"Tokens/CompanyIsolation", tokenIsolation},
	}
}

func (k *kit) token(cid, createdBy string, scope core.TokenScope) (core.Token, string) {
	k.t.Helper()
	secret, err := core.NewTokenSecret()
	k.must(err)
	tok := core.Token{ID: k.id(), CompanyID: cid, Name: "label " + string(scope), Scope: scope,
		Prefix: core.DisplayPrefix(secret), Hash: core.HashToken(secret), CreatedBy: createdBy, CreatedAt: k.now()}
	k.must(k.s.Tokens().Create(k.ctx, tok))
	return tok, secret
}

func tokenRoundTrip(t *testing.T, k *kit) {
	a, b := k.company("acme"), k.company("globex")
	ta, secretA := k.token(a.ID, k.id(), core.ScopePersonal)
	tb, secretB := k.token(b.ID, k.id(), core.ScopeSCIM)
	for _, c := range []struct {
		secret string
		want   core.Token
	}{{secretA, ta}, {secretB, tb}} {
		got, err := k.s.Tokens().ByHash(k.ctx, core.HashToken(c.secret))
		k.must(err)
		same(t, "ByHash finds the token and its company", got, c.want)
		got, err = k.s.Tokens().Get(k.ctx, c.want.CompanyID, c.want.ID)
		k.must(err)
		same(t, "Get", got, c.want)
	}
	_, err := k.s.Tokens().ByHash(k.ctx, core.HashToken("hrt_unknown"))
	wantKind(t, err, core.NotFound, "ByHash of an unknown token")
	list, err := k.s.Tokens().List(k.ctx, a.ID, ports.TokenQuery{})
	k.must(err)
	same(t, "List", list, []core.Token{ta})
}

func tokenRevokeTouch(t *testing.T, k *kit) {
	c := k.company("acme")
	alice, bob := k.id(), k.id()
	t1, secret1 := k.token(c.ID, alice, core.ScopePersonal)
	t2, _ := k.token(c.ID, bob, core.ScopeSCIM)
	t3, _ := k.token(c.ID, alice, core.ScopeSCIM)

	used := k.now()
	k.must(k.s.Tokens().Touch(k.ctx, c.ID, t1.ID, used))
	t1.LastUsedAt = &used
	revoked := k.now()
	k.must(k.s.Tokens().Revoke(k.ctx, c.ID, t1.ID, revoked))
	t1.RevokedAt = &revoked
	got, err := k.s.Tokens().ByHash(k.ctx, core.HashToken(secret1))
	k.must(err)
	same(t, "ByHash of a revoked token still finds it, revoked", got, t1)
	if got.Usable() {
		t.Fatal("a revoked token must not be usable")
	}
	list := func(q ports.TokenQuery) []string {
		t.Helper()
		ts, err := k.s.Tokens().List(k.ctx, c.ID, q)
		k.must(err)
		ids := make([]string, len(ts))
		for i, x := range ts {
			ids[i] = x.ID
		}
		return ids
	}
	sameIDs(t, "List leaves out revoked tokens", list(ports.TokenQuery{}), []string{t2.ID, t3.ID})
	sameIDs(t, "List with IncludeRevoked", list(ports.TokenQuery{IncludeRevoked: true}), []string{t1.ID, t2.ID, t3.ID})
	sameIDs(t, "List by creator", list(ports.TokenQuery{CreatedBy: alice}), []string{t3.ID})
	sameIDs(t, "List by creator with revoked", list(ports.TokenQuery{CreatedBy: alice, IncludeRevoked: true}), []string{t1.ID, t3.ID})
	_, err = k.s.Tokens().Get(k.ctx, c.ID, k.id())
	wantKind(t, err, core.NotFound, "Get of an unknown token")
	wantKind(t, k.s.Tokens().Revoke(k.ctx, c.ID, k.id(), k.now()), core.NotFound, "Revoke of an unknown token")
	wantKind(t, k.s.Tokens().Touch(k.ctx, c.ID, k.id(), k.now()), core.NotFound, "Touch of an unknown token")
}

func tokenIsolation(t *testing.T, k *kit) {
	a, b := k.company("acme"), k.company("globex")
	ta, _ := k.token(a.ID, k.id(), core.ScopeSCIM)
	_, err := k.s.Tokens().Get(k.ctx, b.ID, ta.ID)
	wantKind(t, err, core.NotFound, "Get of another company's token")
	wantKind(t, k.s.Tokens().Revoke(k.ctx, b.ID, ta.ID, k.now()), core.NotFound, "Revoke of another company's token")
	wantKind(t, k.s.Tokens().Touch(k.ctx, b.ID, ta.ID, k.now()), core.NotFound, "Touch of another company's token")
	list, err := k.s.Tokens().List(k.ctx, b.ID, ports.TokenQuery{IncludeRevoked: true})
	k.must(err)
	sameIDs(t, "List of another company", nil, tokenIDs(list))
	got, err := k.s.Tokens().Get(k.ctx, a.ID, ta.ID)
	k.must(err)
	same(t, "a token after another company's calls", got, ta)
}

func tokenIDs(ts []core.Token) []string {
	out := make([]string, len(ts))
	for i, x := range ts {
		out[i] = x.ID
	}
	return out
}
