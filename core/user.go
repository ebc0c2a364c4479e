package core

import (
	"strings"
	"time"
	"unicode/utf8"
)

// User is a person in a company. Users arrive over SCIM, by hand or at bootstrap.
// The SCIM attributes Harriet keeps are typed here; SCIM passwords are never kept.
type User struct {
	ID         string
	CompanyID  string
	UserName   string // exactly as sent; matched through NormUserName
	ExternalID string
	Name       Name
	// Profile holds the free-form SCIM attributes, stored as sent.
	DisplayName       string
	NickName          string
	ProfileURL        string
	Title             string
	UserType          string
	PreferredLanguage string
	Locale            string
	Timezone          string
	Emails            []Email
	PhoneNumbers      []MultiValue
	Addresses         []Address
	Enterprise        *EnterpriseUser

	Active       bool
	DirectRoles  []Role
	PasswordHash []byte // bcrypt, for password sign-in; never from SCIM
	OktaLink     *OktaLink
	Source       string // "scim", "manual" or "bootstrap"
	Version      int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	DeletedAt    *time.Time // soft delete: keys are freed, the record stays for audit
}

// User sources.
const (
	SourceSCIM      = "scim"
	SourceManual    = "manual"
	SourceBootstrap = "bootstrap"
)

// Name is the SCIM name complex attribute.
type Name struct {
	Formatted       string
	GivenName       string
	FamilyName      string
	MiddleName      string
	HonorificPrefix string
	HonorificSuffix string
}

// Email is one entry of SCIM's emails.
type Email struct {
	Value   string
	Type    string
	Display string
	Primary bool
}

// MultiValue is a generic SCIM multi-valued entry (phoneNumbers and the like).
type MultiValue struct {
	Value   string
	Type    string
	Display string
	Primary bool
}

// Address is one entry of SCIM's addresses.
type Address struct {
	Formatted     string
	StreetAddress string
	Locality      string
	Region        string
	PostalCode    string
	Country       string
	Type          string
	Primary       bool
}

// EnterpriseUser is the SCIM enterprise user extension (RFC 7643 §4.3).
type EnterpriseUser struct {
	EmployeeNumber string
	CostCenter     string
	Organization   string
	Division       string
	Department     string
	Manager        *Manager
}

// Manager is the enterprise extension's manager reference.
type Manager struct {
	Value       string
	DisplayName string
}

// OktaLink binds a user to one Okta identity after the first sign-in.
type OktaLink struct {
	Issuer   string
	Subject  string
	LinkedAt time.Time
}

// PrimaryEmail is the email sign-in matches: the entry marked primary, else the first,
// else a userName that is an email, else "".
func (u User) PrimaryEmail() string {
	for _, e := range u.Emails {
		if e.Primary && e.Value != "" {
			return e.Value
		}
	}
	for _, e := range u.Emails {
		if e.Value != "" {
			return e.Value
		}
	}
	if looksLikeEmail(u.UserName) {
		return u.UserName
	}
	return ""
}

// Deleted reports whether the user was soft-deleted.
func (u User) Deleted() bool { return u.DeletedAt != nil }

func looksLikeEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t\r\n")
}

// ValidateEmail checks that s is a plausible email address: one @ with text on
// both sides, and no white space or control character.
func ValidateEmail(field, s string) error {
	if n := utf8.RuneCountInString(s); n > MaxEmailLen {
		return InvalidField(field, "%s is %d characters long; an email address Harriet keeps is at most %d.", field, n, MaxEmailLen)
	}
	if !looksLikeEmail(s) || strings.Count(s, "@") != 1 || indexControl(s) >= 0 {
		return InvalidField(field, "%q is not an email address; give one like name@example.com.", s)
	}
	return nil
}

// MaxEmailLen is the longest email address kept, as SCIM keeps emails.value.
const MaxEmailLen = 256

// NameFromEmail derives given and family names from an email's local part, split at
// '.', '_' or '-': first part given, last part family, one part used for both,
// each capitalised (SPEC.md).
func NameFromEmail(email string) Name {
	local := email
	if at := strings.IndexByte(email, '@'); at >= 0 {
		local = email[:at]
	}
	parts := strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '_' || r == '-' })
	if len(parts) == 0 {
		parts = []string{local}
	}
	return Name{GivenName: capitalise(parts[0]), FamilyName: capitalise(parts[len(parts)-1])}
}

// NameFromFull splits "Given Family" at the first space; one word is used for both.
func NameFromFull(full string) Name {
	full = strings.TrimSpace(full)
	given, family, found := strings.Cut(full, " ")
	if !found {
		return Name{GivenName: full, FamilyName: full}
	}
	return Name{GivenName: given, FamilyName: strings.TrimSpace(family)}
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// FillName makes sure the user has a non-empty given and family name, deriving them
// from the primary email or userName when missing, so every listed user has one.
func (u *User) FillName() {
	if u.Name.GivenName != "" && u.Name.FamilyName != "" {
		return
	}
	src := u.PrimaryEmail()
	if src == "" {
		src = u.UserName
	}
	d := NameFromEmail(src)
	if u.Name.GivenName == "" {
		u.Name.GivenName = d.GivenName
	}
	if u.Name.FamilyName == "" {
		u.Name.FamilyName = d.FamilyName
	}
}
