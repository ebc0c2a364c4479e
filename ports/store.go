package ports

import "context"

// Store is every repository the use cases need. Each call is company-scoped where the
// record belongs to a company: another company's IDs answer core.NotFound, exactly as
// an ID that does not exist.
//
// Outside InTx every write call is atomic and durable when it returns nil. Inside
// InTx, the calls on tx see each other's writes and all commit together or not at all.
//
// Errors: core.NotFound for a missing record, core.Conflict for a taken identity key
// (userName, primary email, group displayName, slug, integration domain),
// core.Unavailable when the store cannot answer now (after bounded retries), and
// core.Internal for anything else. Stores translate driver errors exactly once.
type Store interface {
	Companies() CompanyRepo
	Users() UserRepo
	Groups() GroupRepo
	Members() MembershipRepo
	Tokens() TokenRepo
	Integrations() IntegrationRepo
	Audit() AuditRepo
	Sessions() SessionRepo

	// InTx runs fn in one transaction. fn may run more than once (a store may retry
	// on a deadlock or group commits): it does no I/O other than tx calls, and never
	// calls back into the outer store. Calling InTx on a tx runs fn in that same tx.
	InTx(ctx context.Context, fn func(tx Store) error) error
}

// Database is a store as bootstrap holds it: the repositories plus its lifecycle.
type Database interface {
	Store
	// SchemaStatus returns the schema version the store has and the one this binary
	// wants.
	SchemaStatus(ctx context.Context) (have, want int, err error)
	// Migrate brings the schema up to date (under a lock where several nodes share
	// the store). A schema newer than the binary is core.Precondition.
	Migrate(ctx context.Context) error
	// Ping reports whether the store answers.
	Ping(ctx context.Context) error
	Close() error
}

// ListQuery selects a page of records ordered by ID (that is, creation order).
type ListQuery struct {
	After          string // keyset cursor: only IDs greater than this
	Offset         int    // then skip this many (SCIM startIndex - 1)
	Limit          int    // at most this many; 0 means no limit
	IncludeDeleted bool   // users only: include soft-deleted users
}
