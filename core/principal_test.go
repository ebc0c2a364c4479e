package core

import "testing"

// The audit log names each kind of actor so an admin can tell who acted: a token by
// its label and its creator (its label alone once the creator is gone), the
// command line as such.
func TestActorNames(t *testing.T) {
	ada := User{ID: "u1", UserName: "ada@acme.com"}
	for _, c := range []struct {
		p    Principal
		want Ref
	}{
		{Principal{Kind: ActorUser, User: ada}, Ref{Kind: ActorUser, ID: "u1", Name: "ada@acme.com"}},
		{Principal{Kind: ActorToken, TokenID: "t1", TokenName: "Okta provisioning", User: ada}, Ref{Kind: ActorToken, ID: "t1", Name: "Okta provisioning (ada@acme.com)"}},
		{Principal{Kind: ActorToken, TokenID: "t1", TokenName: "Okta provisioning"}, Ref{Kind: ActorToken, ID: "t1", Name: "Okta provisioning"}},
		{Principal{Kind: ActorOperator}, Ref{Kind: ActorOperator, Name: "command line"}},
		{Principal{Kind: ActorSystem}, Ref{Kind: ActorSystem}},
	} {
		if got := c.p.Actor(); got != c.want {
			t.Errorf("%+v: actor %+v, want %+v", c.p, got, c.want)
		}
	}
}
