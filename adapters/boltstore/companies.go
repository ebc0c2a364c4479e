package boltstore

import (
	"context"
	"strings"

	bolt "go.etcd.io/bbolt"

	"harriet/core"
)

type companies store

func slugKey(slug string) []byte { return []byte(strings.ToLower(slug)) }

// Create stores a new company (Version 1 when zero). Conflict on a taken slug.
func (r companies) Create(ctx context.Context, c core.Company) error {
	if c.Version == 0 {
		c.Version = 1
	}
	val, err := encodeCompany(c)
	if err != nil {
		return err
	}
	if err := checkKey("slug", slugKey(c.Slug)); err != nil {
		return err
	}
	return r.a.write(ctx, func(tx *bolt.Tx) error {
		b, slugs := tx.Bucket(bCompanies), tx.Bucket(bCompanySlug)
		if b.Get([]byte(c.ID)) != nil {
			return core.E(core.Conflict, "A company with ID %q already exists.", c.ID)
		}
		if slugs.Get(slugKey(c.Slug)) != nil {
			return conflict("slug", "The company slug %q is taken.", c.Slug)
		}
		if err := put(b, []byte(c.ID), val); err != nil {
			return err
		}
		return put(slugs, slugKey(c.Slug), []byte(c.ID))
	})
}

// Get returns the company with this ID.
func (r companies) Get(ctx context.Context, id string) (core.Company, error) {
	var c core.Company
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		var err error
		c, err = loadCompany(tx, id)
		return err
	})
	return c, err
}

// BySlug returns the company with this slug.
func (r companies) BySlug(ctx context.Context, slug string) (core.Company, error) {
	var c core.Company
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		id := tx.Bucket(bCompanySlug).Get(slugKey(slug))
		if id == nil {
			return core.E(core.NotFound, "No company has the slug %q.", slug)
		}
		var err error
		c, err = loadCompany(tx, string(id))
		return err
	})
	return c, err
}

// List returns every company in ID order.
func (r companies) List(ctx context.Context) ([]core.Company, error) {
	out := []core.Company{}
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bCompanies).ForEach(func(_, v []byte) error {
			c, err := decodeCompany(v)
			out = append(out, c)
			return err
		})
	})
	return out, err
}

// Update applies fn and saves the company with the next Version, re-indexing its slug.
func (r companies) Update(ctx context.Context, id string, fn func(*core.Company) error) (core.Company, error) {
	var out core.Company
	err := r.a.write(ctx, func(tx *bolt.Tx) error {
		old, err := loadCompany(tx, id)
		if err != nil {
			return err
		}
		c := old
		if err := fn(&c); err != nil {
			return err
		}
		c.ID, c.Version = id, old.Version+1
		oldSlug, newSlug := slugKey(old.Slug), slugKey(c.Slug)
		if err := checkKey("slug", newSlug); err != nil {
			return err
		}
		slugs := tx.Bucket(bCompanySlug)
		if owner := slugs.Get(newSlug); owner != nil && string(owner) != id {
			return conflict("slug", "The company slug %q is taken.", c.Slug)
		}
		val, err := encodeCompany(c)
		if err != nil {
			return err
		}
		if err := del(slugs, oldSlug); err != nil {
			return err
		}
		if err := put(slugs, newSlug, []byte(id)); err != nil {
			return err
		}
		out = c
		return put(tx.Bucket(bCompanies), []byte(id), val)
	})
	return out, err
}

func loadCompany(tx *bolt.Tx, id string) (core.Company, error) {
	v := tx.Bucket(bCompanies).Get([]byte(id))
	if v == nil {
		return core.Company{}, core.E(core.NotFound, "No company with ID %q.", id)
	}
	return decodeCompany(v)
}
