package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// Admin API list sizes (?limit=).
const (
	DefaultListLimit = 50
	MaxListLimit     = 500
)

// AuditPage is one page of the audit log, newest first. Next is the cursor (an entry
// ID) for the following page, "" on the last; Total counts every matching entry.
type AuditPage struct {
	Entries []core.AuditEntry
	Total   int
	Next    string
}

// ListAudit reads the company's audit log (ActReadAudit), newest first, filtered by
// exact action (or a prefix ending in "."), actor ID and target ID, paged by q.Before.
func (s *Service) ListAudit(ctx context.Context, p core.Principal, q ports.AuditQuery) (AuditPage, error) {
	if err := p.Require(core.ActReadAudit, "read the audit log: Owners and Admins can"); err != nil {
		return AuditPage{}, err
	}
	if q.Limit <= 0 || q.Limit > MaxListLimit {
		q.Limit = DefaultListLimit
	}
	limit := q.Limit
	q.Limit = limit + 1 // one more tells whether there is a next page
	entries, err := s.Store.Audit().List(ctx, p.CompanyID, q)
	if err != nil {
		return AuditPage{}, err
	}
	page := AuditPage{Entries: entries}
	if len(entries) > limit {
		page.Entries = entries[:limit]
		page.Next = entries[limit-1].ID
	}
	page.Total, err = s.countAudit(ctx, p.CompanyID, q)
	return page, err
}

// countAudit counts the entries matching q's filters, a page at a time, through the
// store's keyset paging.
func (s *Service) countAudit(ctx context.Context, companyID string, q ports.AuditQuery) (int, error) {
	q.Before, q.Limit = "", MaxListLimit
	total := 0
	for {
		entries, err := s.Store.Audit().List(ctx, companyID, q)
		if err != nil {
			return 0, err
		}
		total += len(entries)
		if len(entries) < q.Limit {
			return total, nil
		}
		q.Before = entries[len(entries)-1].ID
	}
}
