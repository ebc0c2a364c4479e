package mysqlstore

import (
	"context"
	"strings"

	"harriet/core"
)

// auditChunk bounds the rows of one audit INSERT, so a statement stays far below
// max_allowed_packet whatever the entries' details hold.
const auditChunk = 200

// Existing returns the company's live users among ids, each once, in any order:
// one SELECT per chunkSize IDs.
func (r users) Existing(ctx context.Context, companyID string, ids []string) ([]core.User, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	var out []core.User
	for _, c := range chunks(core.DistinctIDs(ids)) {
		err := r.s.query(ctx, collectUsers(&out), "SELECT "+userCols+" FROM users WHERE company_id = ? AND id IN ("+
			placeholders(len(c))+")"+liveUser, args([]any{companyID}, anys(c))...)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AppendMany adds the entries in one transaction, several rows per INSERT.
func (r audit) AppendMany(ctx context.Context, entries []core.AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	rows := make([][]any, len(entries))
	for i, e := range entries {
		details, err := toJSON(e.Details)
		if err != nil {
			return err
		}
		rows[i] = []any{e.ID, e.CompanyID, e.At, e.Actor.Kind, e.Actor.ID, e.Actor.Name, e.Action,
			e.Target.Kind, e.Target.ID, e.Target.Name, details, e.RequestID}
	}
	row := "(" + placeholders(12) + ")"
	return r.s.write(ctx, func(tx *Store) error {
		for len(rows) > 0 {
			n := min(len(rows), auditChunk)
			vals := make([]any, 0, 12*n)
			for _, v := range rows[:n] {
				vals = append(vals, v...)
			}
			q := "INSERT INTO audit_log (" + auditCols + ") VALUES " + strings.Repeat(row+", ", n-1) + row
			if _, err := tx.exec(ctx, q, vals...); err != nil {
				return err
			}
			rows = rows[n:]
		}
		return nil
	})
}
