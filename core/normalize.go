package core

import (
	"strings"
	"unicode"
)

// Identity keys are compared through these functions, one per kind of key, and both
// stores index the bytes they return. A store never relies on a database collation.

// NormUserName folds a SCIM userName for case-insensitive matching (RFC 7643 §4.1.1).
// The userName itself is kept exactly as sent.
func NormUserName(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// NormEmail folds an email address for case-insensitive matching.
func NormEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// NormDomain folds an email domain (acme.com) for matching.
func NormDomain(s string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".")
}

// NormGroupName is the identity of a group's displayName: exact, on purpose (SPEC.md,
// "Group names are exact"), so that "harriet admin group" never matches the role group.
func NormGroupName(s string) string { return s }

// NormExternalID is the identity of an externalId: exact (RFC 7643 caseExact).
func NormExternalID(s string) string { return s }

// EmailDomain returns the normalised domain part of an email, or "" when there is none.
func EmailDomain(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 || at == len(email)-1 {
		return ""
	}
	return NormDomain(email[at+1:])
}

// foldName is the loose comparison used only to warn about near-miss group names:
// case folded and runs of white space collapsed.
func foldName(s string) string {
	return strings.ToLower(strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " "))
}
