package httpmw

import (
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"

	"github.com/sirupsen/logrus"
)

// Recover turns a panic in a handler into a 500 that carries the request ID, logs
// the panic with its stack, and keeps the service serving.
func Recover(log logrus.FieldLogger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			sw, ok := w.(*statusWriter)
			if !ok {
				sw = &statusWriter{ResponseWriter: w}
			}
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if err, isErr := v.(error); isErr && errors.Is(err, http.ErrAbortHandler) {
					panic(v) // net/http's way to abort a response on purpose
				}
				id := RequestIDFrom(r.Context())
				log.WithFields(logrus.Fields{"request_id": id, "panic": fmt.Sprint(v), "stack": string(debug.Stack())}).
					Error("handler panicked")
				if sw.Written() {
					return // too late for a status; the client sees a cut response
				}
				WriteError(sw, r, http.StatusInternalServerError, "internal",
					"Something went wrong on our side. Try again; if it keeps failing, contact support with the request ID "+id+".")
			}()
			next.ServeHTTP(sw, r)
		})
	}
}
