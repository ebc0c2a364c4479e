// Package passwords implements ports.Passwords with bcrypt.
package passwords

import (
	"errors"
	"sync"

	"golang.org/x/crypto/bcrypt"
)

// Bcrypt hashes with bcrypt at a given cost (bcrypt.DefaultCost when zero).
type Bcrypt struct {
	Cost int
}

// dummyHash is compared when there is no account, so the time taken tells nothing.
// It is made at first use, not at start.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte("harriet: no such account"), bcrypt.DefaultCost)
	return h
})

// Hash returns the bcrypt hash of password.
func (b Bcrypt) Hash(password string) ([]byte, error) {
	cost := b.Cost
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	return bcrypt.GenerateFromPassword([]byte(password), cost)
}

// Verify compares password with hash; an empty hash costs a comparison and fails.
func (Bcrypt) Verify(hash []byte, password string) (bool, error) {
	if len(hash) == 0 {
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
		return false, nil
	}
	err := bcrypt.CompareHashAndPassword(hash, []byte(password))
	if errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) {
		return false, nil
	}
	return err == nil, err
}
