package httpmw

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
)

// HeaderRequestID carries the request ID in and out.
const HeaderRequestID = "X-Request-ID"

const maxRequestIDLen = 128

// RequestID gives every request an ID: a sane incoming X-Request-ID (from a load
// balancer, so its logs and ours line up), else a new random one. The ID is echoed
// in the response, in the audit log and in every log line of the request.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, in := withInfo(r)
		id := r.Header.Get(HeaderRequestID)
		if !saneRequestID(id) {
			id = newRequestID()
		}
		in.requestID = id
		w.Header().Set(HeaderRequestID, id)
		next.ServeHTTP(w, r)
	})
}

// saneRequestID accepts IDs that are safe to log and to echo: short, and made of
// letters, digits and a few separators only.
func saneRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == ':'
		if !ok {
			return false
		}
	}
	return true
}

func newRequestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand panics rather than return an error)
	return hex.EncodeToString(b)
}
