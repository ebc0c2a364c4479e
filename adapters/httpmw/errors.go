package httpmw

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// scimErrorSchema is RFC 7644's error message schema.
const scimErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error"

// WriteError answers an error from middleware in the shape the client expects:
// the SCIM error schema under /scim/, else the admin API's
// {"error": {"code", "message"}}.
func WriteError(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	var body any
	if strings.HasPrefix(r.URL.Path, "/scim/") {
		w.Header().Set("Content-Type", "application/scim+json")
		body = map[string]any{"schemas": []string{scimErrorSchema}, "status": strconv.Itoa(status), "detail": message}
	} else {
		w.Header().Set("Content-Type", "application/json")
		body = map[string]any{"error": map[string]string{"code": code, "message": message}}
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// SetRetryAfter sets the Retry-After header to d in whole seconds, at least 1.
func SetRetryAfter(w http.ResponseWriter, d time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(RetryAfterSeconds(d)))
}

// RetryAfterSeconds rounds d up to whole seconds, at least 1.
func RetryAfterSeconds(d time.Duration) int {
	s := int(math.Ceil(d.Seconds()))
	if s < 1 {
		return 1
	}
	return s
}

// InSeconds says a wait in whole seconds, for messages: "1 second", "5 seconds".
func InSeconds(d time.Duration) string {
	if n := RetryAfterSeconds(d); n != 1 {
		return fmt.Sprintf("%d seconds", n)
	}
	return "1 second"
}

// RetryAfter is the cause of a core.RateLimited error from Auth: how long the
// client should wait. Adapters find it with RetryAfterOf to set Retry-After.
type RetryAfter struct{ Wait time.Duration }

func (e *RetryAfter) Error() string { return "retry after " + e.Wait.String() }

// RetryAfterOf returns the wait carried by err, if any.
func RetryAfterOf(err error) (time.Duration, bool) {
	var ra *RetryAfter
	if errors.As(err, &ra) {
		return ra.Wait, true
	}
	return 0, false
}
