package boltstore

import (
	"context"

	bolt "go.etcd.io/bbolt"

	"harriet/core"
)

// Integrations are keyed by company ID (one each), with bIntDomain holding the
// normalised email domain (unique across companies) and bIntIssuer issuer 0 cid.
type integrations store

func loadIntegration(tx *bolt.Tx, cid string) (core.Integration, error) {
	v := tx.Bucket(bIntegrations).Get([]byte(cid))
	if v == nil {
		return core.Integration{}, core.E(core.NotFound, "This company has not saved its Okta integration yet.")
	}
	return decodeIntegration(v)
}

// Get returns the company's integration.
func (r integrations) Get(ctx context.Context, cid string) (core.Integration, error) {
	var in core.Integration
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		var err error
		in, err = loadIntegration(tx, cid)
		return err
	})
	return in, err
}

// ByDomain finds the integration of an email domain, compared normalised.
func (r integrations) ByDomain(ctx context.Context, domain string) (core.Integration, error) {
	var in core.Integration
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		var cid []byte
		if d := core.NormDomain(domain); d != "" {
			cid = tx.Bucket(bIntDomain).Get([]byte(d))
		}
		if cid == nil {
			return core.E(core.NotFound, "No company has an Okta integration for the domain %q.", domain)
		}
		var err error
		in, err = loadIntegration(tx, string(cid))
		return err
	})
	return in, err
}

// ByIssuer lists the integrations whose issuer is exactly issuer, in company ID order.
func (r integrations) ByIssuer(ctx context.Context, issuer string) ([]core.Integration, error) {
	out := []core.Integration{}
	if issuer == "" {
		return out, nil
	}
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		return eachID(tx.Bucket(bIntIssuer), prefix(issuer), func(cid string, _ []byte) (bool, error) {
			in, err := loadIntegration(tx, cid)
			if err == nil && in.Issuer == issuer {
				out = append(out, in)
			}
			return true, err
		})
	})
	return out, err
}

// Put creates or replaces the company's integration with the next Version. Conflict,
// and nothing changed, when another company's integration holds the domain.
func (r integrations) Put(ctx context.Context, in core.Integration) (core.Integration, error) {
	var out core.Integration
	if in.CompanyID == "" {
		return out, core.E(core.Internal, "An Okta integration without a company cannot be stored.")
	}
	err := r.a.write(ctx, func(tx *bolt.Tx) error {
		old, err := loadIntegration(tx, in.CompanyID)
		if err != nil && !core.IsKind(err, core.NotFound) {
			return err
		}
		in.Version = old.Version + 1
		dom := []byte(core.NormDomain(in.Domain))
		if err := checkKey("domain", dom); err != nil {
			return err
		}
		if err := checkKey("issuer", key(in.Issuer, in.CompanyID)); err != nil {
			return err
		}
		if owner := tx.Bucket(bIntDomain).Get(dom); len(dom) > 0 && owner != nil && string(owner) != in.CompanyID {
			return conflict("domain", "The domain %s already belongs to another company's Okta integration.", in.Domain)
		}
		val, err := encodeIntegration(in)
		if err != nil {
			return err
		}
		if err := removeIntegrationKeys(tx, old); err != nil {
			return err
		}
		if err := putIntegrationKeys(tx, in); err != nil {
			return err
		}
		out = in
		return put(tx.Bucket(bIntegrations), []byte(in.CompanyID), val)
	})
	return out, err
}

// Delete removes the company's integration and frees its domain.
func (r integrations) Delete(ctx context.Context, cid string) error {
	return r.a.write(ctx, func(tx *bolt.Tx) error {
		old, err := loadIntegration(tx, cid)
		if err != nil {
			return err
		}
		if err := removeIntegrationKeys(tx, old); err != nil {
			return err
		}
		return del(tx.Bucket(bIntegrations), []byte(cid))
	})
}

func putIntegrationKeys(tx *bolt.Tx, in core.Integration) error {
	if d := core.NormDomain(in.Domain); d != "" {
		if err := put(tx.Bucket(bIntDomain), []byte(d), []byte(in.CompanyID)); err != nil {
			return err
		}
	}
	if in.Issuer == "" {
		return nil
	}
	return put(tx.Bucket(bIntIssuer), key(in.Issuer, in.CompanyID), present)
}

// removeIntegrationKeys deletes the keys of old; a zero old (no integration) has none.
func removeIntegrationKeys(tx *bolt.Tx, old core.Integration) error {
	if old.CompanyID == "" {
		return nil
	}
	if d := core.NormDomain(old.Domain); d != "" {
		if err := delIfOwner(tx.Bucket(bIntDomain), []byte(d), old.CompanyID); err != nil {
			return err
		}
	}
	return del(tx.Bucket(bIntIssuer), key(old.Issuer, old.CompanyID))
}
