package bootstrap

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"harriet/adapters/httpmw"
	"harriet/core"
	"harriet/ports"
)

// schemaRecheck is how long a schema answer is reused. On MySQL another node or
// `harriet migrate` can bring the schema up to date while serve runs; this node
// then starts serving within this time, without a restart. A variable for tests.
var schemaRecheck = 2 * time.Second

// schemaCheck answers "is the store's schema the one this binary wants?", cached.
type schemaCheck struct {
	db ports.Database

	mu      sync.Mutex
	at      time.Time
	ok      bool
	reason  string
	checked bool
}

func newSchemaCheck(db ports.Database) *schemaCheck { return &schemaCheck{db: db} }

// current reports whether the schema is current, with the reason when it is not.
// Once current it stays current: schemas only move forward under a running binary.
func (s *schemaCheck) current(ctx context.Context) (bool, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.checked && (s.ok || time.Since(s.at) < schemaRecheck) {
		return s.ok, s.reason
	}
	s.ok, s.reason = s.check(ctx)
	s.at, s.checked = time.Now(), true
	return s.ok, s.reason
}

func (s *schemaCheck) check(ctx context.Context) (bool, string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second) // one client leaving must not fail the check for all
	defer cancel()
	have, want, err := s.db.SchemaStatus(ctx)
	switch {
	case err != nil:
		return false, "The store did not say its schema version: " + core.MessageOf(err)
	case have < want:
		return false, fmt.Sprintf("The store's schema is at version %d and this harriet binary needs version %d: run `harriet migrate` (this server runs with --migrate off).", have, want)
	case have > want:
		return false, fmt.Sprintf("The store's schema is at version %d, newer than this harriet binary's %d: run a newer harriet binary.", have, want)
	}
	return true, ""
}

// gate answers 503 unavailable with Retry-After to every request but the health
// and readiness checks while the schema is not current.
func (s *schemaCheck) gate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != pathHealthz && r.URL.Path != pathReadyz {
			if ok, reason := s.current(r.Context()); !ok {
				w.Header().Set("Retry-After", "30")
				httpmw.WriteError(w, r, http.StatusServiceUnavailable, "unavailable", reason)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
