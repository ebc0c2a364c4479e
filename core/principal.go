package core

// Principal is who is calling, resolved from a credential: an API token or a session.
// Tenancy comes from here, never from a body, query or header.
type Principal struct {
	CompanyID string
	User      User        // the acting user (a provisioning token's creator, for the record)
	Roles     RoleSources // the acting user's effective roles now
	Kind      string      // ActorUser (session), ActorToken, ActorOperator or ActorSystem
	TokenID   string
	TokenName string     // the label its creator gave the token, for the record
	Scope     TokenScope // for tokens
	RequestID string
}

// Can reports whether the principal may take the action. A provisioning token serves
// SCIM and nothing else; a personal token or a session acts with the user's roles.
func (p Principal) Can(a Action) bool {
	if p.Kind == ActorOperator || p.Kind == ActorSystem {
		return true
	}
	if p.Kind == ActorToken && p.Scope == ScopeSCIM {
		return a == ActUseSCIM
	}
	if a == ActUseSCIM && p.Kind != ActorToken {
		return false // SCIM takes a provisioning token or an Owner's personal token, never a session
	}
	return Allowed(p.Roles, a)
}

// Actor is how the principal appears in the audit log.
func (p Principal) Actor() Ref {
	switch p.Kind {
	case ActorToken:
		return Ref{Kind: ActorToken, ID: p.TokenID, Name: tokenActorName(p)}
	case ActorUser:
		return Ref{Kind: ActorUser, ID: p.User.ID, Name: p.User.UserName}
	case ActorOperator:
		return Ref{Kind: ActorOperator, Name: "command line"}
	}
	return Ref{Kind: p.Kind}
}

// Require returns a Forbidden error unless the principal may take the action.
func (p Principal) Require(a Action, what string) error {
	if p.Can(a) {
		return nil
	}
	return E(Forbidden, "You do not have permission to %s.", what)
}

// tokenActorName names a token in the record by its label and its creator, so a
// provisioning token reads as "Okta provisioning (it.admin@acme.com)" and stays
// named after its creator leaves.
func tokenActorName(p Principal) string {
	switch {
	case p.TokenName == "":
		return p.User.UserName
	case p.User.UserName == "":
		return p.TokenName
	}
	return p.TokenName + " (" + p.User.UserName + ")"
}
