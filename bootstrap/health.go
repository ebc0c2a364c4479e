package bootstrap

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"harriet/core"
)

// The operations endpoints (SPEC.md, "Operations").
const (
	pathHealthz = "/healthz"
	pathReadyz  = "/readyz"
	pathMetrics = "/metrics"
)

// healthz says the process is up; it never touches the store.
func healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = io.WriteString(w, "ok\n")
}

// readiness is /readyz's answer.
type readiness struct {
	Status string `json:"status"` // "ok" or "unavailable"
	Reason string `json:"reason,omitempty"`
}

// readyz says whether this node should get traffic: the store answers, its schema
// is current, and the server is not shutting down. Otherwise 503 with the reason.
func (a *App) readyz(w http.ResponseWriter, r *http.Request) {
	status, body := http.StatusOK, readiness{Status: "ok"}
	if reason := a.notReady(r.Context()); reason != "" {
		status, body = http.StatusServiceUnavailable, readiness{Status: "unavailable", Reason: reason}
		w.Header().Set("Retry-After", "5")
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// tableChecker is a store that can tell whether every one of its tables answers.
type tableChecker interface {
	CheckTables(ctx context.Context) error
}

func (a *App) notReady(ctx context.Context) string {
	if a.draining.Load() {
		return "The server is shutting down."
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := a.DB.Ping(ctx); err != nil {
		a.Log.WithError(err).Warn("readiness: the store did not answer")
		return "The store does not answer: " + core.MessageOf(err)
	}
	if ok, reason := a.rt.schema.current(ctx); !ok {
		return reason
	}
	if t, ok := a.DB.(tableChecker); ok {
		if err := t.CheckTables(ctx); err != nil {
			a.Log.WithError(err).Warn("readiness: a table of the store cannot be read")
			return "A table of the store cannot be read: " + core.MessageOf(err)
		}
	}
	if reason := a.Service.KeyProblem(); reason != "" {
		a.Log.Error("readiness: " + reason)
		return reason
	}
	return ""
}
