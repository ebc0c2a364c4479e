// Package system provides the real clock and ID generator.
package system

import (
	"time"

	"github.com/google/uuid"
)

// Clock is the wall clock, in UTC, truncated to the millisecond that every store keeps.
type Clock struct{}

// Now returns the current time.
func (Clock) Now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// IDs makes UUIDv7 IDs: URL-safe, unique, and time-ordered as strings.
type IDs struct{}

// New returns a fresh ID.
func (IDs) New() string { return uuid.Must(uuid.NewV7()).String() }
