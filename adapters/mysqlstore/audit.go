package mysqlstore

import (
	"context"
	"database/sql"
	"strings"

	"harriet/core"
	"harriet/ports"
)

// audit is the AuditRepo: an append-only table, listed newest first through indexes
// on (company, action | actor | target, id).
type audit struct{ s *Store }

const auditCols = "id, company_id, at, actor_kind, actor_id, actor_name, action, target_kind, target_id, " +
	"target_name, details, request_id"

// Append adds an entry.
func (r audit) Append(ctx context.Context, e core.AuditEntry) error {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	details, err := toJSON(e.Details)
	if err != nil {
		return err
	}
	_, err = r.s.exec(ctx, "INSERT INTO audit_log ("+auditCols+") VALUES ("+placeholders(12)+")",
		e.ID, e.CompanyID, e.At, e.Actor.Kind, e.Actor.ID, e.Actor.Name, e.Action, e.Target.Kind,
		e.Target.ID, e.Target.Name, details, e.RequestID)
	return err
}

// List returns the company's entries newest first, as q selects them.
func (r audit) List(ctx context.Context, companyID string, q ports.AuditQuery) ([]core.AuditEntry, error) {
	ctx, cancel := withTimeout(ctx)
	defer cancel()
	where, vals := "company_id = ?", []any{companyID}
	add := func(cond string, v any) {
		where += " AND " + cond
		vals = append(vals, v)
	}
	if q.Before != "" {
		add("id < ?", q.Before)
	}
	switch {
	case strings.HasSuffix(q.Action, "."):
		add("action LIKE ?", likePrefix(q.Action))
	case q.Action != "":
		add("action = ?", q.Action)
	}
	if q.ActorID != "" {
		add("actor_id = ?", q.ActorID)
	}
	if q.TargetID != "" {
		add("target_id = ?", q.TargetID)
	}
	limit := ""
	if q.Limit > 0 {
		limit = " LIMIT ?"
		vals = append(vals, int64(q.Limit))
	}
	var out []core.AuditEntry
	err := r.s.query(ctx, func(row *sql.Rows) error {
		var e core.AuditEntry
		var details string
		if err := row.Scan(&e.ID, &e.CompanyID, &e.At, &e.Actor.Kind, &e.Actor.ID, &e.Actor.Name, &e.Action,
			&e.Target.Kind, &e.Target.ID, &e.Target.Name, &details, &e.RequestID); err != nil {
			return err
		}
		if err := fromJSON(details, &e.Details); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	}, "SELECT "+auditCols+" FROM audit_log WHERE "+where+" ORDER BY id DESC"+limit, vals...)
	return out, err
}

// likePrefix makes a LIKE pattern matching values that start with p, with LIKE's
// wildcards in p taken literally.
func likePrefix(p string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(p) + "%"
}
