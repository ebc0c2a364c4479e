package usecase

import (
	"context"

	"harriet/ports"
)

// LookupKey names an identity index that can answer a list without a scan.
type LookupKey string

// The indexed lookups SCIM lists use (RFC 7644 filters of the form `attr eq "v"`).
const (
	ByID          LookupKey = "id"          // exact
	ByUserName    LookupKey = "userName"    // case-insensitive
	ByExternalID  LookupKey = "externalId"  // exact
	ByEmail       LookupKey = "email"       // the primary email, case-insensitive
	ByDisplayName LookupKey = "displayName" // groups; exact
)

// Lookup restricts a list to the records one index finds for Value.
type Lookup struct {
	Key   LookupKey
	Value string
}

// Page is SCIM's window on a list: a 1-based StartIndex (below 1 means 1) and a
// Count (negative means 0; above MaxPageSize means MaxPageSize).
type Page struct {
	StartIndex int
	Count      int
}

// MaxPageSize is the most records one list answer holds.
const MaxPageSize = 1000

// scanBatch is how many records a filtered list reads from the store at a time.
const scanBatch = 500

func (pg Page) window() (offset, count int) {
	offset, count = pg.StartIndex-1, pg.Count
	if offset < 0 {
		offset = 0
	}
	count = max(0, min(count, MaxPageSize))
	return offset, count
}

// source describes how to list one kind of record T as records R: from an index,
// by counting and paging the store, or by scanning it in ID order and matching.
type source[T, R any] struct {
	lookup  func() ([]T, error) // nil when no index applies
	count   func() (int, error)
	list    func(q ports.ListQuery) ([]T, error)
	id      func(T) string
	prepare func(T) (R, error) // what a candidate needs before it is matched
	match   func(R) bool       // nil matches every record
}

// page returns the total number of matching records and the window pg selects, in
// ID order, so paging is stable while records are added.
func (src source[T, R]) page(ctx context.Context, pg Page) (int, []R, error) {
	offset, count := pg.window()
	if src.lookup == nil && src.match == nil {
		return src.plainPage(offset, count)
	}
	total, items := 0, []R{}
	visit := func(t T) error {
		r, err := src.prepare(t)
		if err != nil {
			return err
		}
		if src.match != nil && !src.match(r) {
			return nil
		}
		if total >= offset && len(items) < count {
			items = append(items, r)
		}
		total++
		return nil
	}
	if src.lookup != nil {
		found, err := src.lookup()
		if err != nil {
			return 0, nil, err
		}
		for _, t := range found {
			if err := visit(t); err != nil {
				return 0, nil, err
			}
		}
		return total, items, nil
	}
	return total, items, src.scan(ctx, visit)
}

// plainPage answers an unfiltered list with a count and one keyset-free page read.
func (src source[T, R]) plainPage(offset, count int) (int, []R, error) {
	total, err := src.count()
	if err != nil || count == 0 || offset >= total {
		return total, []R{}, err
	}
	found, err := src.list(ports.ListQuery{Offset: offset, Limit: count})
	if err != nil {
		return 0, nil, err
	}
	items := make([]R, 0, len(found))
	for _, t := range found {
		r, err := src.prepare(t)
		if err != nil {
			return 0, nil, err
		}
		items = append(items, r)
	}
	return total, items, nil
}

// scan visits every record in ID order, a batch at a time.
func (src source[T, R]) scan(ctx context.Context, visit func(T) error) error {
	after := ""
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch, err := src.list(ports.ListQuery{After: after, Limit: scanBatch})
		if err != nil {
			return err
		}
		for _, t := range batch {
			if err := visit(t); err != nil {
				return err
			}
		}
		if len(batch) < scanBatch {
			return nil
		}
		after = src.id(batch[len(batch)-1])
	}
}
