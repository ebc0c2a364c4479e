package usecase

import (
	"context"
	"errors"
	"fmt"

	"harriet/core"
	"harriet/ports"
)

// The aggregates a store copy moves, in the order it writes them: companies first,
// then what belongs to them, memberships after their groups and users.
const (
	AggCompanies    = "companies"
	AggUsers        = "users"
	AggGroups       = "groups"
	AggMemberships  = "memberships"
	AggTokens       = "tokens"
	AggIntegrations = "integrations"
	AggAudit        = "audit entries"
)

// CopyAggregates lists the aggregates in copy order. Sessions are not among them: a
// copy is made with the service stopped, and users simply sign in again.
var CopyAggregates = []string{AggCompanies, AggUsers, AggGroups, AggMemberships, AggTokens, AggIntegrations, AggAudit}

// defaultCopyBatch is how many records one destination transaction takes: large
// enough that a bbolt copy is not one fsync per record, small enough that a MySQL
// transaction stays short.
const defaultCopyBatch = 500

// CopyCounts holds a number of records per aggregate.
type CopyCounts map[string]int

// CopyProgress says how far the copy of one aggregate is. Total is what the source
// held when the copy started.
type CopyProgress struct {
	Aggregate string
	Done      int
	Total     int
}

// StoreCopy copies every record of one store into another, empty, store through
// the ports only: companies, users (soft-deleted ones too), groups, memberships,
// tokens (revoked ones too), integrations and audit entries, with their IDs,
// versions and times exactly as they are. Okta client secrets are opened with
// FromSecrets and sealed again with ToSecrets, so the destination may use another
// key. It is `harriet store copy`, and a bbolt-to-bbolt copy is the offline backup.
type StoreCopy struct {
	From, To               ports.Store
	FromSecrets, ToSecrets ports.SecretBox
	// Progress, when set, is called as each aggregate starts and after each batch.
	Progress func(CopyProgress)
	// BatchSize is how many records one destination transaction writes (default 500).
	BatchSize int
}

// CopyResult is what a copy did: the source's counts before it, what it wrote, and
// the counts read back from the destination after it.
type CopyResult struct {
	Source, Written, Destination CopyCounts
}

// Mismatches lists, for the aggregates whose count in the destination differs from
// the source's, a line saying so; none means the copy is verified.
func (r CopyResult) Mismatches() []string {
	var out []string
	for _, agg := range CopyAggregates {
		if r.Source[agg] != r.Destination[agg] {
			out = append(out, fmt.Sprintf("%s: the source has %d, the destination %d", agg, r.Source[agg], r.Destination[agg]))
		}
	}
	return out
}

// copier is one aggregate's copy of one company.
type copier func(ctx context.Context, c core.Company, p *copyProgress) error

// Run copies everything and verifies the counts. A destination that already holds a
// company, or a source key that does not open the saved client secrets, is refused
// (Precondition) before anything is written. When a step fails,
// the error says which, and Written says what the destination holds of the copy.
func (sc *StoreCopy) Run(ctx context.Context) (CopyResult, error) {
	res := CopyResult{Written: CopyCounts{}}
	if err := RequireEmptyStore(ctx, sc.To); err != nil {
		return res, err
	}
	// The source's key is checked before anything is written: a wrong one would
	// otherwise be found at the integrations, after most of the copy.
	if err := CheckSecretKey(ctx, sc.From, sc.FromSecrets); err != nil {
		return res, core.E(core.Precondition, "The key given for the source does not fit it, so nothing was copied: %s. Give the key the source was made with (--from-key-file).", core.MessageOf(err))
	}
	companies, err := sc.From.Companies().List(ctx)
	if err != nil {
		return res, err
	}
	if res.Source, err = CountStore(ctx, sc.From, companies); err != nil {
		return res, err
	}
	steps := map[string]copier{AggCompanies: sc.copyCompany, AggUsers: sc.copyUsers, AggGroups: sc.copyGroups,
		AggMemberships: sc.copyMemberships, AggTokens: sc.copyTokens, AggIntegrations: sc.copyIntegration,
		AggAudit: sc.copyAudit}
	for _, agg := range CopyAggregates {
		p := &copyProgress{agg: agg, total: res.Source[agg], report: sc.Progress}
		p.add(0)
		for _, c := range companies {
			if err := steps[agg](ctx, c, p); err != nil {
				res.Written[agg] = p.done
				return res, copyFailed(agg, c, err)
			}
		}
		res.Written[agg] = p.done
	}
	landed, err := sc.To.Companies().List(ctx)
	if err != nil {
		return res, err
	}
	res.Destination, err = CountStore(ctx, sc.To, landed)
	return res, err
}

// RequireEmptyStore refuses a destination that holds any company: every other
// record belongs to one, and a copy never merges into existing data.
func RequireEmptyStore(ctx context.Context, s ports.Store) error {
	cs, err := s.Companies().List(ctx)
	if err != nil {
		return err
	}
	switch len(cs) {
	case 0:
		return nil
	case 1:
		return core.E(core.Precondition, "The destination store is not empty (it holds the company %s): copy into a new bbolt file or an empty MySQL database.", cs[0].Slug)
	}
	return core.E(core.Precondition, "The destination store is not empty (it holds %d companies, %s among them): copy into a new bbolt file or an empty MySQL database.",
		len(cs), cs[0].Slug)
}

// copyFailed names the step that failed, keeping the cause's kind.
func copyFailed(agg string, c core.Company, err error) error {
	msg := err.Error()
	var ce *core.Error
	if errors.As(err, &ce) {
		msg = ce.Message
	}
	return &core.Error{Kind: core.KindOf(err), Err: err,
		Message: fmt.Sprintf("Copying the %s of company %s stopped: %s", agg, c.Slug, msg)}
}

// copyProgress counts one aggregate's records and reports them.
type copyProgress struct {
	agg         string
	done, total int
	report      func(CopyProgress)
}

func (p *copyProgress) add(n int) {
	p.done += n
	if p.report != nil {
		p.report(CopyProgress{Aggregate: p.agg, Done: p.done, Total: p.total})
	}
}

func (sc *StoreCopy) batch() int {
	if sc.BatchSize > 0 {
		return sc.BatchSize
	}
	return defaultCopyBatch
}

// inBatches writes items to the destination, BatchSize per transaction.
func inBatches[T any](ctx context.Context, sc *StoreCopy, p *copyProgress, items []T,
	write func(tx ports.Store, item T) error) error {
	for len(items) > 0 {
		n := min(len(items), sc.batch())
		chunk := items[:n]
		err := sc.To.InTx(ctx, func(tx ports.Store) error {
			for _, it := range chunk {
				if err := write(tx, it); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		p.add(n)
		items = items[n:]
	}
	return nil
}
