package boltstore

import (
	"context"

	bolt "go.etcd.io/bbolt"

	"harriet/ports"
)

// access is how a repository reaches bbolt: through the DB (reads in their own View,
// writes through the committer) or through the transaction of an InTx.
type access interface {
	read(ctx context.Context, fn func(tx *bolt.Tx) error) error
	write(ctx context.Context, fn func(tx *bolt.Tx) error) error
}

// store hands out the repositories over one access.
type store struct{ a access }

// Companies returns the company repository.
func (s store) Companies() ports.CompanyRepo { return companies(s) }

// Users returns the user repository.
func (s store) Users() ports.UserRepo { return users(s) }

// Groups returns the group repository.
func (s store) Groups() ports.GroupRepo { return groups(s) }

// Members returns the membership repository.
func (s store) Members() ports.MembershipRepo { return members(s) }

// Tokens returns the API token repository.
func (s store) Tokens() ports.TokenRepo { return tokens(s) }

// Integrations returns the Okta integration repository.
func (s store) Integrations() ports.IntegrationRepo { return integrations(s) }

// Audit returns the audit log.
func (s store) Audit() ports.AuditRepo { return audits(s) }

// Sessions returns the session repository.
func (s store) Sessions() ports.SessionRepo { return sessions(s) }
