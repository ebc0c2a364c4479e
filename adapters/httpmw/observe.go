package httpmw

import (
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/sirupsen/logrus"
)

// RouteUnmatched is the route label of requests no route matched, so raw paths
// never become labels.
const RouteUnmatched = "unmatched"

// TagRoute is a gorilla/mux middleware (router.Use) that records the matched
// route's template for the log line and the metrics.
func TagRoute(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if route := mux.CurrentRoute(r); route != nil {
			if tpl, err := route.GetPathTemplate(); err == nil {
				SetRoute(r.Context(), tpl)
			}
		}
		next.ServeHTTP(w, r)
	})
}

// Observe logs one line per request and records its metrics. The line holds the
// request ID, company, route template, method, status, duration, client IP and the
// path without its query (queries can carry sign-in codes). It never holds a
// header, cookie, token, body or password.
func Observe(log logrus.FieldLogger, m *Metrics) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r, in := withInfo(r)
			start := time.Now()
			sw := &statusWriter{ResponseWriter: w}
			defer func() {
				// runs after Recover has answered a panic, and on http.ErrAbortHandler
				status := sw.Status()
				elapsed := time.Since(start)
				route, company := in.snapshot()
				if route == "" {
					route = RouteUnmatched
				}
				m.observe(r.Method, route, status, elapsed.Seconds())
				entry := log.WithFields(logrus.Fields{
					"request_id":  in.requestID,
					"company":     company,
					"route":       route,
					"method":      r.Method,
					"path":        safePath(r.URL.Path),
					"status":      status,
					"duration_ms": float64(elapsed.Microseconds()) / 1000,
					"client_ip":   in.clientIP.String(),
					"bytes":       sw.bytes,
				})
				if status >= 500 {
					entry.Error("request")
				} else {
					entry.Info("request")
				}
			}()
			next.ServeHTTP(sw, r)
		})
	}
}

// safePath blanks any path segment that looks like a Harriet token, in case a
// client puts one where it does not belong.
func safePath(p string) string {
	if len(p) > 256 {
		p = p[:256] + "…"
	}
	if !strings.Contains(p, "hrt_") {
		return p
	}
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.Contains(s, "hrt_") {
			parts[i] = "[redacted]"
		}
	}
	return strings.Join(parts, "/")
}

// statusWriter remembers the status and size of a response. Unwrap lets
// http.ResponseController reach the underlying writer (Flush, deadlines).
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Flush passes through, for handlers that stream.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		if w.status == 0 {
			w.status = http.StatusOK
		}
		f.Flush()
	}
}

// Unwrap returns the wrapped writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Status is the status sent, 200 when the handler wrote nothing at all.
func (w *statusWriter) Status() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

// Written reports whether the response has started.
func (w *statusWriter) Written() bool { return w.status != 0 }
