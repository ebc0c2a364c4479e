package ports

import (
	"context"
	"time"

	"harriet/core"
)

// CompanyRepo keeps companies. Slugs are unique.
type CompanyRepo interface {
	Create(ctx context.Context, c core.Company) error
	Get(ctx context.Context, id string) (core.Company, error)
	BySlug(ctx context.Context, slug string) (core.Company, error)
	List(ctx context.Context) ([]core.Company, error)
	// Update loads, applies fn and saves, bumping Version. fn's error aborts.
	Update(ctx context.Context, id string, fn func(*core.Company) error) (core.Company, error)
}

// UserRepo keeps users. Among a company's users that are not soft-deleted, the
// normalised userName (core.NormUserName) and the normalised primary email
// (core.NormEmail of User.PrimaryEmail) are unique: Conflict otherwise. A soft-deleted
// user (DeletedAt set) frees both keys, is NotFound to Get and the By* lookups, and is
// listed only with ListQuery.IncludeDeleted.
type UserRepo interface {
	// Create stores a new user as given (Version 1 when zero).
	Create(ctx context.Context, u core.User) error
	Get(ctx context.Context, companyID, id string) (core.User, error)
	ByUserName(ctx context.Context, companyID, userName string) (core.User, error)
	ByEmail(ctx context.Context, companyID, email string) (core.User, error)
	// ByExternalID matches exactly; externalId is not unique, so it returns a list.
	ByExternalID(ctx context.Context, companyID, externalID string) ([]core.User, error)
	// ByEmailAnyCompany finds the users whose primary email is email, in every
	// company (password sign-in asks which company when there are several).
	ByEmailAnyCompany(ctx context.Context, email string) ([]core.User, error)
	// Update loads, applies fn, re-indexes the keys and saves, bumping Version.
	// Setting DeletedAt in fn soft-deletes. NotFound for a deleted user.
	Update(ctx context.Context, companyID, id string, fn func(*core.User) error) (core.User, error)
	List(ctx context.Context, companyID string, q ListQuery) ([]core.User, error)
	Count(ctx context.Context, companyID string, includeDeleted bool) (int, error)
	// Existing returns the users among ids that are the company's and not deleted,
	// each once, in any order: one read for a batch (a group push naming many
	// members). Another company's, deleted and unknown IDs are simply absent.
	Existing(ctx context.Context, companyID string, ids []string) ([]core.User, error)
}

// GroupRepo keeps groups. displayName is unique per company, compared exactly
// (core.NormGroupName).
type GroupRepo interface {
	Create(ctx context.Context, g core.Group) error
	Get(ctx context.Context, companyID, id string) (core.Group, error)
	ByDisplayName(ctx context.Context, companyID, displayName string) (core.Group, error)
	ByExternalID(ctx context.Context, companyID, externalID string) ([]core.Group, error)
	Update(ctx context.Context, companyID, id string, fn func(*core.Group) error) (core.Group, error)
	// Delete removes the group and all its memberships.
	Delete(ctx context.Context, companyID, id string) error
	List(ctx context.Context, companyID string, q ListQuery) ([]core.Group, error)
	Count(ctx context.Context, companyID string) (int, error)
}

// MembershipRepo keeps memberships as their own records, indexed both ways, so a
// change costs the size of the change and concurrent adds of different members to
// one group all land. Callers check that the group and users exist.
type MembershipRepo interface {
	// Add makes the users members; present members are skipped. It returns the IDs
	// that were newly added.
	Add(ctx context.Context, companyID, groupID string, userIDs []string, at time.Time) ([]string, error)
	// Remove ends the memberships; absent members are skipped. It returns the IDs
	// that were removed.
	Remove(ctx context.Context, companyID, groupID string, userIDs []string) ([]string, error)
	// Members lists a group's member user IDs in ID order.
	Members(ctx context.Context, companyID, groupID string, q ListQuery) ([]string, error)
	// Memberships is Members with when each membership was added (store copy reads
	// it so AddedAt survives). NotFound for an unknown group.
	Memberships(ctx context.Context, companyID, groupID string, q ListQuery) ([]core.Membership, error)
	CountMembers(ctx context.Context, companyID, groupID string) (int, error)
	// GroupsOf lists the IDs of the groups a user belongs to, in ID order.
	GroupsOf(ctx context.Context, companyID, userID string) ([]string, error)
	// RemoveUser ends all of a user's memberships and returns the groups' IDs.
	RemoveUser(ctx context.Context, companyID, userID string) ([]string, error)
}

// TokenQuery selects tokens in a list.
type TokenQuery struct {
	CreatedBy      string // "" for every creator
	IncludeRevoked bool
}

// TokenRepo keeps API tokens by the SHA-256 of their secret.
type TokenRepo interface {
	Create(ctx context.Context, t core.Token) error
	// ByHash finds a token in any company; tenancy then comes from the token.
	ByHash(ctx context.Context, hash []byte) (core.Token, error)
	Get(ctx context.Context, companyID, id string) (core.Token, error)
	// List returns tokens in ID order.
	List(ctx context.Context, companyID string, q TokenQuery) ([]core.Token, error)
	Revoke(ctx context.Context, companyID, id string, at time.Time) error
	// Touch records a use; callers throttle it so reads do not all become writes.
	Touch(ctx context.Context, companyID, id string, at time.Time) error
}

// IntegrationRepo keeps each company's Okta integration. A Domain belongs to at most
// one company's integration: Conflict otherwise.
type IntegrationRepo interface {
	Get(ctx context.Context, companyID string) (core.Integration, error)
	ByDomain(ctx context.Context, domain string) (core.Integration, error)
	ByIssuer(ctx context.Context, issuer string) ([]core.Integration, error)
	// Put creates or replaces the company's integration, bumping Version.
	Put(ctx context.Context, in core.Integration) (core.Integration, error)
	Delete(ctx context.Context, companyID string) error
}

// AuditQuery selects audit entries, newest first.
type AuditQuery struct {
	Before   string // keyset cursor: only IDs less than this
	Limit    int
	Action   string // exact action, or prefix ending in "." (e.g. "scim.")
	ActorID  string
	TargetID string
}

// AuditRepo appends and lists audit entries. Entries are never changed.
type AuditRepo interface {
	Append(ctx context.Context, e core.AuditEntry) error
	// AppendMany appends the entries, all or none, in one write (nothing for none).
	AppendMany(ctx context.Context, entries []core.AuditEntry) error
	List(ctx context.Context, companyID string, q AuditQuery) ([]core.AuditEntry, error)
}

// SessionRepo keeps browser sessions by the SHA-256 of their ID.
type SessionRepo interface {
	Create(ctx context.Context, s core.Session) error
	ByHash(ctx context.Context, hash []byte) (core.Session, error)
	// Touch records activity (callers throttle it).
	Touch(ctx context.Context, hash []byte, at time.Time) error
	Delete(ctx context.Context, hash []byte) error
	// DeleteForUser ends every session of a user and returns how many ended.
	DeleteForUser(ctx context.Context, companyID, userID string) (int, error)
}
