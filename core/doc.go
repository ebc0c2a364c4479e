// Package core holds Harriet's identity domain: companies, users, groups, roles,
// the Okta integration, API tokens, sessions and audit entries, with the invariants
// and normalising functions that every adapter relies on. It imports the standard
// library only.
package core
