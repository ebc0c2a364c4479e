package mysqlstore

import (
	"context"
	"database/sql"

	"harriet/core"
)

// integrations is the IntegrationRepo: one row per company. uq_integrations_domain
// gives an email domain to at most one company.
type integrations struct{ s *Store }

const integrationCols = "company_id, domain, client_id, login_domain, issuer, secret_sealed, sso_only, " +
	"sign_in_set_by_owner, discovery_status, discovery_message, discovery_metadata, version, created_at, updated_at"

func collectIntegrations(out *[]core.Integration) func(*sql.Rows) error {
	return func(r *sql.Rows) error {
		var in core.Integration
		if err := r.Scan(&in.CompanyID, &in.Domain, &in.ClientID, &in.LoginDomain, &in.Issuer,
			&in.SecretSealed, &in.SSOOnly, &in.SignInSetByOwner, &in.Discovery.Status, &in.Discovery.Message,
			&in.Discovery.Metadata, &in.Version, &in.CreatedAt, &in.UpdatedAt); err != nil {
			return err
		}
		*out = append(*out, in)
		return nil
	}
}

func (r integrations) list(ctx context.Context, where string, args ...any) ([]core.Integration, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var out []core.Integration
	err := r.s.query(ctx, collectIntegrations(&out), "SELECT "+integrationCols+" FROM integrations WHERE "+where, args...)
	return out, err
}

func (r integrations) first(ctx context.Context, missing error, where string, args ...any) (core.Integration, error) {
	out, err := r.list(ctx, where, args...)
	if err != nil {
		return core.Integration{}, err
	}
	if len(out) == 0 {
		return core.Integration{}, missing
	}
	return out[0], nil
}

var errNoIntegration = core.E(core.NotFound, "This company has no Okta integration yet.")

// Get returns the company's integration.
func (r integrations) Get(ctx context.Context, companyID string) (core.Integration, error) {
	return r.first(ctx, errNoIntegration, "company_id = ?", companyID)
}

// ByDomain finds the integration that owns an email domain.
func (r integrations) ByDomain(ctx context.Context, domain string) (core.Integration, error) {
	return r.first(ctx, core.E(core.NotFound, "No Okta integration for the domain %q.", domain),
		"domain_key = ?", core.NormDomain(domain))
}

// ByIssuer lists the integrations with this issuer, in company ID order.
func (r integrations) ByIssuer(ctx context.Context, issuer string) ([]core.Integration, error) {
	return r.list(ctx, "issuer = ? ORDER BY company_id", issuer)
}

// Put creates or replaces the company's integration. Version counts the saves; the
// first save's CreatedAt is kept when the caller does not give one.
func (r integrations) Put(ctx context.Context, in core.Integration) (core.Integration, error) {
	var out core.Integration
	err := r.s.write(ctx, func(tx *Store) error {
		old, err := integrations{tx}.first(ctx, errNoIntegration, "company_id = ?"+forUpdate, in.CompanyID)
		exists := err == nil
		if err != nil && !core.IsKind(err, core.NotFound) {
			return err
		}
		in.Version = 1
		if exists {
			in.Version = old.Version + 1
			if in.CreatedAt.IsZero() {
				in.CreatedAt = old.CreatedAt
			}
		}
		out = in
		vals := []any{in.Domain, in.ClientID, in.LoginDomain, in.Issuer, in.SecretSealed, in.SSOOnly,
			in.SignInSetByOwner, in.Discovery.Status, in.Discovery.Message, in.Discovery.Metadata, in.Version, in.CreatedAt,
			in.UpdatedAt, core.NormDomain(in.Domain), in.CompanyID}
		ctx, cancel := withTimeout(ctx)
		defer cancel()
		if exists {
			_, err = tx.exec(ctx, `UPDATE integrations SET domain = ?, client_id = ?, login_domain = ?,
				issuer = ?, secret_sealed = ?, sso_only = ?, sign_in_set_by_owner = ?, discovery_status = ?, discovery_message = ?,
				discovery_metadata = ?, version = ?, created_at = ?, updated_at = ?, domain_key = ?
				WHERE company_id = ?`, vals...)
			return err
		}
		_, err = tx.exec(ctx, "INSERT INTO integrations (domain, client_id, login_domain, issuer, secret_sealed, "+
			"sso_only, sign_in_set_by_owner, discovery_status, discovery_message, discovery_metadata, version, created_at, updated_at, "+
			"domain_key, company_id) VALUES ("+placeholders(len(vals))+")", vals...)
		return err
	})
	return out, err
}

// Delete removes the company's integration.
func (r integrations) Delete(ctx context.Context, companyID string) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	n, err := r.s.affected(ctx, "DELETE FROM integrations WHERE company_id = ?", companyID)
	if err == nil && n == 0 {
		return errNoIntegration
	}
	return err
}
