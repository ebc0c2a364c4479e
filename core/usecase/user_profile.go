package usecase

import (
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"harriet/core"
)

// UserInput is a SCIM user's writable profile as a client sent it. Only the profile
// fields of Profile are read (userName, externalId, name, the free-form strings,
// emails, phoneNumbers, addresses and the enterprise extension); the fields Harriet
// owns (id, roles, sign-in link, versions, times) are never taken from it.
type UserInput struct {
	Profile core.User
	// Active is nil when the client did not say: a create makes the user active, a
	// replace keeps the current state.
	Active *bool
}

// maxUserNameLen bounds a userName, in characters; longer ones are a client error,
// not a record. An email address has at most 254 characters.
const maxUserNameLen = 256

// userProfile is the part of a user a SCIM client may write.
type userProfile struct {
	UserName, ExternalID                               string
	Name                                               core.Name
	DisplayName, NickName, ProfileURL, Title, UserType string
	PreferredLanguage, Locale, Timezone                string
	Emails                                             []core.Email
	PhoneNumbers                                       []core.MultiValue
	Addresses                                          []core.Address
	Enterprise                                         *core.EnterpriseUser
	Active                                             bool
}

func profileOf(u core.User) userProfile {
	return userProfile{
		UserName: u.UserName, ExternalID: u.ExternalID, Name: u.Name,
		DisplayName: u.DisplayName, NickName: u.NickName, ProfileURL: u.ProfileURL,
		Title: u.Title, UserType: u.UserType, PreferredLanguage: u.PreferredLanguage,
		Locale: u.Locale, Timezone: u.Timezone, Emails: u.Emails,
		PhoneNumbers: u.PhoneNumbers, Addresses: u.Addresses, Enterprise: u.Enterprise,
		Active: u.Active,
	}
}

// copyProfile writes src's profile and active state into dst and nothing else, so
// whatever a client sent, the fields Harriet owns stay as they are.
func copyProfile(dst *core.User, src core.User) {
	dst.UserName, dst.ExternalID, dst.Name = src.UserName, src.ExternalID, src.Name
	dst.DisplayName, dst.NickName, dst.ProfileURL = src.DisplayName, src.NickName, src.ProfileURL
	dst.Title, dst.UserType, dst.PreferredLanguage = src.Title, src.UserType, src.PreferredLanguage
	dst.Locale, dst.Timezone = src.Locale, src.Timezone
	dst.Emails, dst.PhoneNumbers, dst.Addresses = src.Emails, src.PhoneNumbers, src.Addresses
	dst.Enterprise = src.Enterprise
	dst.Active = src.Active
}

// sameProfile reports whether a change would leave the user as it is, so that a
// no-op (Okta's password sync, a repeated PUT) writes and audits nothing.
func sameProfile(a, b core.User) bool {
	return reflect.DeepEqual(normalProfile(a), normalProfile(b))
}

// normalProfile is the profile with empty lists as nil, so that how a store hands
// back an empty list does not count as a change.
func normalProfile(u core.User) userProfile {
	p := profileOf(u)
	if len(p.Emails) == 0 {
		p.Emails = nil
	}
	if len(p.PhoneNumbers) == 0 {
		p.PhoneNumbers = nil
	}
	if len(p.Addresses) == 0 {
		p.Addresses = nil
	}
	return p
}

// prepareProfile normalises empty collections, checks the profile and fills a
// missing name, so every stored user has a userName, a given and a family name.
func prepareProfile(u *core.User) error {
	if len(u.Emails) == 0 {
		u.Emails = nil
	}
	if len(u.PhoneNumbers) == 0 {
		u.PhoneNumbers = nil
	}
	if len(u.Addresses) == 0 {
		u.Addresses = nil
	}
	if u.Enterprise != nil && *u.Enterprise == (core.EnterpriseUser{}) {
		u.Enterprise = nil
	}
	if err := validateProfile(*u); err != nil {
		return err
	}
	u.FillName()
	return nil
}

func validateProfile(u core.User) error {
	switch {
	case strings.TrimSpace(u.UserName) == "":
		return &core.Error{Kind: core.Invalid, Field: "userName", SCIMType: "invalidValue",
			Message: "userName is required: Okta sends the user's Okta username (usually their email)."}
	case utf8.RuneCountInString(u.UserName) > maxUserNameLen:
		return &core.Error{Kind: core.Invalid, Field: "userName", SCIMType: "invalidValue",
			Message: "userName is longer than 256 characters; use the user's email address."}
	case strings.IndexFunc(u.UserName, unicode.IsControl) >= 0:
		return &core.Error{Kind: core.Invalid, Field: "userName", SCIMType: "invalidValue",
			Message: "userName contains control characters; use the user's email address."}
	}
	return validateEmails(u.Emails)
}

// msgNeedsEmail is the answer for a user without an email address.
const msgNeedsEmail = "A Harriet user needs an email address: send emails, or a userName that is an email."

// requireEmail refuses a profile without an email address: users sign in by email
// (SSO and password alike), so such a user could never sign in, and every listed
// user shows one. cur is the stored user for a change, nil for a create. A change
// that leaves userName and emails as they were is let through, so that a user
// stored without an email before this rule can still be deactivated, or have the
// rest of their profile updated, while any change to their identity must bring one.
func requireEmail(cur *core.User, u core.User) error {
	if len(u.Emails) > 0 || core.ValidateEmail("userName", u.UserName) == nil {
		return nil
	}
	if cur != nil && cur.UserName == u.UserName && reflect.DeepEqual(normalProfile(*cur).Emails, normalProfile(u).Emails) {
		return nil
	}
	return &core.Error{Kind: core.Invalid, Field: "emails", SCIMType: "invalidValue", Message: msgNeedsEmail}
}

func validateEmails(emails []core.Email) error {
	primaries := 0
	for _, e := range emails {
		if err := core.ValidateEmail("emails", e.Value); err != nil {
			return &core.Error{Kind: core.Invalid, Field: "emails", SCIMType: "invalidValue", Message: core.MessageOf(err)}
		}
		if e.Primary {
			primaries++
		}
	}
	if primaries > 1 {
		return &core.Error{Kind: core.Invalid, Field: "emails", SCIMType: "invalidValue",
			Message: "Only one of the user's emails may be marked primary."}
	}
	return nil
}
