package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// countPage is how many records a count reads at a time.
const countPage = 1000

// CountStore counts the records of each aggregate of the given companies by reading
// them through the ports (not from counters a store keeps), so that a copy is
// verified against what can actually be read back.
func CountStore(ctx context.Context, s ports.Store, companies []core.Company) (CopyCounts, error) {
	n := CopyCounts{AggCompanies: len(companies)}
	counters := map[string]func(context.Context, ports.Store, string) (int, error){
		AggUsers: countUsers, AggGroups: countGroups, AggMemberships: countMemberships,
		AggTokens: countTokens, AggIntegrations: countIntegration, AggAudit: countAudit,
	}
	for _, c := range companies {
		for agg, count := range counters {
			k, err := count(ctx, s, c.ID)
			if err != nil {
				return nil, err
			}
			n[agg] += k
		}
	}
	return n, nil
}

func countUsers(ctx context.Context, s ports.Store, cid string) (int, error) {
	n, q := 0, ports.ListQuery{Limit: countPage, IncludeDeleted: true}
	for {
		page, err := s.Users().List(ctx, cid, q)
		if err != nil || len(page) == 0 {
			return n, err
		}
		n += len(page)
		q.After = page[len(page)-1].ID
	}
}

func countGroups(ctx context.Context, s ports.Store, cid string) (int, error) {
	n := 0
	err := eachGroupID(ctx, s, cid, func(string) error { n++; return nil })
	return n, err
}

func countMemberships(ctx context.Context, s ports.Store, cid string) (int, error) {
	n := 0
	err := eachGroupID(ctx, s, cid, func(gid string) error {
		q := ports.ListQuery{Limit: countPage}
		for {
			page, err := s.Members().Members(ctx, cid, gid, q)
			if err != nil || len(page) == 0 {
				return err
			}
			n += len(page)
			q.After = page[len(page)-1]
		}
	})
	return n, err
}

// eachGroupID calls fn with the ID of each of the company's groups, in ID order.
func eachGroupID(ctx context.Context, s ports.Store, cid string, fn func(gid string) error) error {
	q := ports.ListQuery{Limit: countPage}
	for {
		page, err := s.Groups().List(ctx, cid, q)
		if err != nil || len(page) == 0 {
			return err
		}
		for _, g := range page {
			if err := fn(g.ID); err != nil {
				return err
			}
		}
		q.After = page[len(page)-1].ID
	}
}

func countTokens(ctx context.Context, s ports.Store, cid string) (int, error) {
	toks, err := s.Tokens().List(ctx, cid, ports.TokenQuery{IncludeRevoked: true})
	return len(toks), err
}

func countIntegration(ctx context.Context, s ports.Store, cid string) (int, error) {
	_, err := s.Integrations().Get(ctx, cid)
	switch {
	case core.IsKind(err, core.NotFound):
		return 0, nil
	case err != nil:
		return 0, err
	}
	return 1, nil
}

func countAudit(ctx context.Context, s ports.Store, cid string) (int, error) {
	n, q := 0, ports.AuditQuery{Limit: countPage}
	for {
		page, err := s.Audit().List(ctx, cid, q)
		if err != nil || len(page) == 0 {
			return n, err
		}
		n += len(page)
		q.Before = page[len(page)-1].ID
	}
}
