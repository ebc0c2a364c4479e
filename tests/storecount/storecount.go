// Package storecount wraps a store to count the calls a use case makes, in and out
// of transactions, so tests can prove what a request costs (one read per distinct
// group, one batch read per push) rather than only what it answers.
package storecount

import (
	"context"
	"sync/atomic"

	"harriet/core"
	"harriet/ports"
)

// Counts are the calls counted so far.
type Counts struct {
	GroupGets       atomic.Int64 // Groups().Get
	GroupsOf        atomic.Int64 // Members().GroupsOf
	UserGets        atomic.Int64 // Users().Get
	UserExisting    atomic.Int64 // Users().Existing
	AuditAppends    atomic.Int64 // Audit().Append
	AuditAppendMany atomic.Int64 // Audit().AppendMany
}

// Reset sets every count to zero.
func (c *Counts) Reset() {
	for _, n := range []*atomic.Int64{&c.GroupGets, &c.GroupsOf, &c.UserGets, &c.UserExisting, &c.AuditAppends, &c.AuditAppendMany} {
		n.Store(0)
	}
}

// Store is a ports.Store whose counted calls add to N; its transactions count too.
type Store struct {
	ports.Store
	N *Counts
}

// New wraps s with fresh counts.
func New(s ports.Store) Store { return Store{Store: s, N: &Counts{}} }

func (s Store) Groups() ports.GroupRepo       { return groups{s.Store.Groups(), s.N} }
func (s Store) Members() ports.MembershipRepo { return members{s.Store.Members(), s.N} }
func (s Store) Users() ports.UserRepo         { return users{s.Store.Users(), s.N} }
func (s Store) Audit() ports.AuditRepo        { return audit{s.Store.Audit(), s.N} }

func (s Store) InTx(ctx context.Context, fn func(tx ports.Store) error) error {
	return s.Store.InTx(ctx, func(tx ports.Store) error { return fn(Store{tx, s.N}) })
}

type groups struct {
	ports.GroupRepo
	n *Counts
}

func (g groups) Get(ctx context.Context, cid, id string) (core.Group, error) {
	g.n.GroupGets.Add(1)
	return g.GroupRepo.Get(ctx, cid, id)
}

type members struct {
	ports.MembershipRepo
	n *Counts
}

func (m members) GroupsOf(ctx context.Context, cid, uid string) ([]string, error) {
	m.n.GroupsOf.Add(1)
	return m.MembershipRepo.GroupsOf(ctx, cid, uid)
}

type users struct {
	ports.UserRepo
	n *Counts
}

func (u users) Get(ctx context.Context, cid, id string) (core.User, error) {
	u.n.UserGets.Add(1)
	return u.UserRepo.Get(ctx, cid, id)
}

func (u users) Existing(ctx context.Context, cid string, ids []string) ([]core.User, error) {
	u.n.UserExisting.Add(1)
	return u.UserRepo.Existing(ctx, cid, ids)
}

type audit struct {
	ports.AuditRepo
	n *Counts
}

func (a audit) Append(ctx context.Context, e core.AuditEntry) error {
	a.n.AuditAppends.Add(1)
	return a.AuditRepo.Append(ctx, e)
}

func (a audit) AppendMany(ctx context.Context, es []core.AuditEntry) error {
	a.n.AuditAppendMany.Add(1)
	return a.AuditRepo.AppendMany(ctx, es)
}
