package httpapi

import (
	"encoding/json"
	"net/http"
	"time"
)

// timeFormat is RFC 3339 in UTC with the milliseconds every store keeps.
const timeFormat = "2006-01-02T15:04:05.000Z07:00"

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client has gone if this fails
}

// jsonTime formats a time for the API.
func jsonTime(t time.Time) string { return t.UTC().Format(timeFormat) }

// jsonTimePtr formats an optional time; nil stays null.
func jsonTimePtr(t *time.Time) *string {
	if t == nil || t.IsZero() {
		return nil
	}
	s := jsonTime(*t)
	return &s
}
