package core

import "time"

// Actor kinds of an audit entry.
const (
	ActorUser     = "user"     // a signed-in session
	ActorToken    = "token"    // any API token; its kind is in Details
	ActorOperator = "operator" // the command line
	ActorSystem   = "system"
)

// AuditEntry records one change: who, what, to what, and the request that did it.
type AuditEntry struct {
	ID        string
	CompanyID string
	At        time.Time
	Actor     Ref
	Action    string
	Target    Ref
	Details   map[string]any
	RequestID string
}

// Ref names an actor or a target.
type Ref struct {
	Kind string
	ID   string
	Name string
}
