package mysqlstore

import (
	"context"
	"database/sql"

	"harriet/core"
)

// companies is the CompanyRepo. Slugs are unique through uq_companies_slug.
type companies struct{ s *Store }

const companyCols = "id, slug, name, primary_owner_id, version, created_at, updated_at"

func scanCompany(r *sql.Rows, c *core.Company) error {
	return r.Scan(&c.ID, &c.Slug, &c.Name, &c.PrimaryOwnerID, &c.Version, &c.CreatedAt, &c.UpdatedAt)
}

// Create stores a new company (Version 1 when zero).
func (r companies) Create(ctx context.Context, c core.Company) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	if c.Version == 0 {
		c.Version = 1
	}
	_, err := r.s.exec(ctx, "INSERT INTO companies ("+companyCols+") VALUES (?, ?, ?, ?, ?, ?, ?)",
		c.ID, c.Slug, c.Name, c.PrimaryOwnerID, c.Version, c.CreatedAt, c.UpdatedAt)
	return err
}

// Get finds a company by ID.
func (r companies) Get(ctx context.Context, id string) (core.Company, error) {
	return r.get(ctx, id, "")
}

func (r companies) get(ctx context.Context, id, lock string) (core.Company, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var c core.Company
	err := r.s.one(ctx, core.E(core.NotFound, "No company with ID %q.", id),
		func(row *sql.Rows) error { return scanCompany(row, &c) },
		"SELECT "+companyCols+" FROM companies WHERE id = ?"+lock, id)
	return c, err
}

// BySlug finds a company by its slug.
func (r companies) BySlug(ctx context.Context, slug string) (core.Company, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var c core.Company
	err := r.s.one(ctx, core.E(core.NotFound, "No company with slug %q.", slug),
		func(row *sql.Rows) error { return scanCompany(row, &c) },
		"SELECT "+companyCols+" FROM companies WHERE slug = ?", slug)
	return c, err
}

// List returns every company in ID order.
func (r companies) List(ctx context.Context) ([]core.Company, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var out []core.Company
	err := r.s.query(ctx, func(row *sql.Rows) error {
		var c core.Company
		if err := scanCompany(row, &c); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	}, "SELECT "+companyCols+" FROM companies ORDER BY id")
	return out, err
}

// Update locks the company's row, applies fn and saves it with Version bumped.
func (r companies) Update(ctx context.Context, id string, fn func(*core.Company) error) (core.Company, error) {
	var out core.Company
	err := r.s.write(ctx, func(tx *Store) error {
		c, err := companies{tx}.get(ctx, id, forUpdate)
		if err != nil {
			return err
		}
		v := c.Version
		if err := fn(&c); err != nil {
			return err
		}
		c.ID, c.Version = id, v+1
		ctx, cancel := withTimeout(ctx)
		defer cancel()
		_, err = tx.exec(ctx, `UPDATE companies SET slug = ?, name = ?, primary_owner_id = ?, version = ?,
			created_at = ?, updated_at = ? WHERE id = ?`,
			c.Slug, c.Name, c.PrimaryOwnerID, c.Version, c.CreatedAt, c.UpdatedAt, id)
		out = c
		return err
	})
	return out, err
}

// forUpdate makes a SELECT lock the rows it reads until the transaction ends, and read
// the latest committed version rather than the transaction's snapshot.
const forUpdate = " FOR UPDATE"
