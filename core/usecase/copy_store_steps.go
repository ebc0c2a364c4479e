package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// The copiers of StoreCopy, one per aggregate. Each reads the source a page at a
// time and writes each page in one destination transaction, so memory stays flat
// whatever the store's size. Create keeps the Version and times it is given.

func (sc *StoreCopy) copyCompany(ctx context.Context, c core.Company, p *copyProgress) error {
	if err := sc.To.Companies().Create(ctx, c); err != nil {
		return err
	}
	p.add(1)
	return nil
}

func (sc *StoreCopy) copyUsers(ctx context.Context, c core.Company, p *copyProgress) error {
	q := ports.ListQuery{Limit: sc.batch(), IncludeDeleted: true}
	for {
		page, err := sc.From.Users().List(ctx, c.ID, q)
		if err != nil || len(page) == 0 {
			return err
		}
		err = inBatches(ctx, sc, p, page, func(tx ports.Store, u core.User) error {
			return tx.Users().Create(ctx, u)
		})
		if err != nil {
			return err
		}
		q.After = page[len(page)-1].ID
	}
}

func (sc *StoreCopy) copyGroups(ctx context.Context, c core.Company, p *copyProgress) error {
	q := ports.ListQuery{Limit: sc.batch()}
	for {
		page, err := sc.From.Groups().List(ctx, c.ID, q)
		if err != nil || len(page) == 0 {
			return err
		}
		err = inBatches(ctx, sc, p, page, func(tx ports.Store, g core.Group) error {
			return tx.Groups().Create(ctx, g)
		})
		if err != nil {
			return err
		}
		q.After = page[len(page)-1].ID
	}
}

// copyMemberships copies each group's memberships, adding the members that were
// added at the same moment in one call, so each keeps its AddedAt.
func (sc *StoreCopy) copyMemberships(ctx context.Context, c core.Company, p *copyProgress) error {
	return eachGroupID(ctx, sc.From, c.ID, func(gid string) error {
		q := ports.ListQuery{Limit: sc.batch()}
		for {
			page, err := sc.From.Members().Memberships(ctx, c.ID, gid, q)
			if err != nil || len(page) == 0 {
				return err
			}
			if err := sc.To.InTx(ctx, func(tx ports.Store) error { return addSameTimeRuns(ctx, tx, page) }); err != nil {
				return err
			}
			p.add(len(page))
			q.After = page[len(page)-1].UserID
		}
	})
}

// addSameTimeRuns adds memberships of one group, one Add per run of equal AddedAt.
func addSameTimeRuns(ctx context.Context, tx ports.Store, ms []core.Membership) error {
	for start := 0; start < len(ms); {
		end := start + 1
		for end < len(ms) && ms[end].AddedAt.Equal(ms[start].AddedAt) {
			end++
		}
		uids := make([]string, 0, end-start)
		for _, m := range ms[start:end] {
			uids = append(uids, m.UserID)
		}
		if _, err := tx.Members().Add(ctx, ms[start].CompanyID, ms[start].GroupID, uids, ms[start].AddedAt); err != nil {
			return err
		}
		start = end
	}
	return nil
}

func (sc *StoreCopy) copyTokens(ctx context.Context, c core.Company, p *copyProgress) error {
	toks, err := sc.From.Tokens().List(ctx, c.ID, ports.TokenQuery{IncludeRevoked: true})
	if err != nil {
		return err
	}
	return inBatches(ctx, sc, p, toks, func(tx ports.Store, t core.Token) error {
		return tx.Tokens().Create(ctx, t)
	})
}

// copyIntegration moves the company's Okta integration, its client secret opened
// with the source's key and sealed with the destination's. Put counts saves in
// Version, so the integration is put Version times in one transaction: the
// destination ends with the source's Version, and holds only the last put.
func (sc *StoreCopy) copyIntegration(ctx context.Context, c core.Company, p *copyProgress) error {
	in, err := sc.From.Integrations().Get(ctx, c.ID)
	if core.IsKind(err, core.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if in.SecretSealed, err = sc.reseal(c, in.SecretSealed); err != nil {
		return err
	}
	err = sc.To.InTx(ctx, func(tx ports.Store) error {
		for range max(in.Version, 1) - 1 {
			if _, err := tx.Integrations().Put(ctx, in); err != nil {
				return err
			}
		}
		out, err := tx.Integrations().Put(ctx, in)
		if err == nil && out.Version != max(in.Version, 1) {
			err = core.E(core.Internal, "The destination stored the integration as version %d, not %d.", out.Version, in.Version)
		}
		return err
	})
	if err == nil {
		p.add(1)
	}
	return err
}

// reseal opens a client secret with the source's key and seals it with the
// destination's; an integration saved without a secret stays without one.
func (sc *StoreCopy) reseal(c core.Company, sealed []byte) ([]byte, error) {
	if len(sealed) == 0 {
		return sealed, nil
	}
	if sc.FromSecrets == nil || sc.ToSecrets == nil {
		return nil, core.E(core.Precondition, "Copying an Okta client secret needs the secret keys of both stores.")
	}
	plain, err := sc.FromSecrets.Open(c.ID, sealed)
	if err != nil {
		return nil, core.Wrap(core.Precondition, err,
			"The Okta client secret of company %s does not open with the source's secret key: give the key the source store runs with.", c.Slug)
	}
	return sc.ToSecrets.Seal(c.ID, plain)
}

// copyAudit copies the company's audit log a page at a time, newest first.
func (sc *StoreCopy) copyAudit(ctx context.Context, c core.Company, p *copyProgress) error {
	q := ports.AuditQuery{Limit: sc.batch()}
	for {
		page, err := sc.From.Audit().List(ctx, c.ID, q)
		if err != nil || len(page) == 0 {
			return err
		}
		err = inBatches(ctx, sc, p, page, func(tx ports.Store, e core.AuditEntry) error {
			return tx.Audit().Append(ctx, e)
		})
		if err != nil {
			return err
		}
		q.Before = page[len(page)-1].ID
	}
}
