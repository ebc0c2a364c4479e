package mysqlstore

import (
	"database/sql"
	"encoding/json"
	"math"
	"time"

	"harriet/core"
	"harriet/ports"
)

// page turns a ListQuery into the keyset condition and LIMIT/OFFSET of a query
// ordered by idCol: "AND idCol > ?" when there is a cursor. A zero Limit means all.
func page(idCol string, q ports.ListQuery) (cond, limit string, condArgs, limitArgs []any) {
	if q.After != "" {
		cond = " AND " + idCol + " > ?"
		condArgs = []any{q.After}
	}
	n := int64(math.MaxInt64)
	if q.Limit > 0 {
		n = int64(q.Limit)
	}
	return cond, " ORDER BY " + idCol + " LIMIT ? OFFSET ?", condArgs, []any{n, int64(max(q.Offset, 0))}
}

// args joins argument lists.
func args(lists ...[]any) []any {
	var out []any
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// nullTime is how an optional time is written: NULL when absent.
func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

// timePtr reads an optional time back.
func timePtr(n sql.NullTime) *time.Time {
	if !n.Valid {
		return nil
	}
	t := n.Time
	return &t
}

// nullString writes "" as NULL, for identity keys a record does not have (so that
// two records without one do not collide in a unique index).
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// toJSON encodes a JSON column.
func toJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", core.Wrap(core.Internal, err, "Could not encode a record for the database.")
	}
	return string(b), nil
}

// fromJSON decodes a JSON column.
func fromJSON(s string, v any) error {
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return core.Wrap(core.Internal, err, "A record in the database could not be decoded.")
	}
	return nil
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	b := make([]byte, 0, 3*n)
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, '?')
	}
	return string(b)
}

// chunkSize bounds the values of one IN list or multi-row INSERT, far below the
// server's 65,535 placeholders per statement.
const chunkSize = 500

// chunks splits ids into slices of at most chunkSize.
func chunks(ids []string) [][]string {
	var out [][]string
	for len(ids) > chunkSize {
		out = append(out, ids[:chunkSize])
		ids = ids[chunkSize:]
	}
	if len(ids) > 0 {
		out = append(out, ids)
	}
	return out
}

// anys converts strings to query arguments.
func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
