package ports

import "time"

// Clock tells the time. Use cases read it once per operation and stamp everything
// with that value. Implementations truncate to the millisecond, the precision every
// store keeps.
type Clock interface {
	Now() time.Time
}

// IDs makes record IDs: opaque, URL-safe ([A-Za-z0-9-]), unique, and ordered by
// creation time when compared as strings, so keyset paging on IDs is creation order.
type IDs interface {
	New() string
}

// SecretBox encrypts secrets at rest (Okta client secrets). The company ID is bound
// as associated data, so a sealed value moved to another company will not open.
type SecretBox interface {
	// Seal encrypts plaintext for companyID.
	Seal(companyID string, plaintext []byte) ([]byte, error)
	// Open decrypts what Seal made for companyID; Internal when it does not open.
	Open(companyID string, sealed []byte) ([]byte, error)
}
