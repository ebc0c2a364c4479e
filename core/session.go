package core

import "time"

// Session is a signed-in browser. The cookie holds a random ID; the store keeps only
// its SHA-256, so logout and deactivation end it on every node.
type Session struct {
	Hash       []byte
	CompanyID  string
	UserID     string
	Method     string // "okta" or "password"
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute expiry
}
