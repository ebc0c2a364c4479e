package mysqlstore

import (
	"database/sql"
	"time"

	"harriet/core"
)

// userProfile is the part of a user kept as one JSON document: the SCIM profile and
// the fields no query looks up. Everything a query selects on has its own column.
type userProfile struct {
	Name              core.Name
	DisplayName       string
	NickName          string
	ProfileURL        string
	Title             string
	UserType          string
	PreferredLanguage string
	Locale            string
	Timezone          string
	Emails            []core.Email
	PhoneNumbers      []core.MultiValue
	Addresses         []core.Address
	Enterprise        *core.EnterpriseUser
	DirectRoles       []core.Role
	PasswordHash      []byte // bcrypt
	OktaLink          *core.OktaLink
}

const userCols = "id, company_id, user_name, external_id, active, source, profile, version, created_at, updated_at, deleted_at"

// userValues returns the column values of u in userCols order followed by the two
// identity keys. A soft-deleted user's keys are NULL, which frees them: a unique index
// admits any number of NULLs.
func userValues(u core.User) ([]any, error) {
	if u.OktaLink != nil {
		l := *u.OktaLink
		l.LinkedAt = l.LinkedAt.Truncate(time.Millisecond) // as every stored time
		u.OktaLink = &l
	}
	profile, err := toJSON(userProfile{
		Name: u.Name, DisplayName: u.DisplayName, NickName: u.NickName, ProfileURL: u.ProfileURL,
		Title: u.Title, UserType: u.UserType, PreferredLanguage: u.PreferredLanguage,
		Locale: u.Locale, Timezone: u.Timezone, Emails: u.Emails, PhoneNumbers: u.PhoneNumbers,
		Addresses: u.Addresses, Enterprise: u.Enterprise, DirectRoles: u.DirectRoles,
		PasswordHash: u.PasswordHash, OktaLink: u.OktaLink,
	})
	if err != nil {
		return nil, err
	}
	var nameKey, emailKey any
	if !u.Deleted() {
		nameKey = nullString(core.NormUserName(u.UserName))
		emailKey = nullString(core.NormEmail(u.PrimaryEmail()))
	}
	return []any{u.ID, u.CompanyID, u.UserName, core.NormExternalID(u.ExternalID), u.Active, u.Source,
		profile, u.Version, u.CreatedAt, u.UpdatedAt, nullTime(u.DeletedAt), nameKey, emailKey}, nil
}

// scanUser reads a row selected with userCols.
func scanUser(r *sql.Rows) (core.User, error) {
	var u core.User
	var profile string
	var deleted sql.NullTime
	if err := r.Scan(&u.ID, &u.CompanyID, &u.UserName, &u.ExternalID, &u.Active, &u.Source,
		&profile, &u.Version, &u.CreatedAt, &u.UpdatedAt, &deleted); err != nil {
		return u, err
	}
	var p userProfile
	if err := fromJSON(profile, &p); err != nil {
		return u, err
	}
	u.DeletedAt = timePtr(deleted)
	u.Name, u.DisplayName, u.NickName, u.ProfileURL = p.Name, p.DisplayName, p.NickName, p.ProfileURL
	u.Title, u.UserType, u.PreferredLanguage = p.Title, p.UserType, p.PreferredLanguage
	u.Locale, u.Timezone, u.Emails, u.PhoneNumbers = p.Locale, p.Timezone, p.Emails, p.PhoneNumbers
	u.Addresses, u.Enterprise, u.DirectRoles = p.Addresses, p.Enterprise, p.DirectRoles
	u.PasswordHash, u.OktaLink = p.PasswordHash, p.OktaLink
	return u, nil
}

// collectUsers returns a scan function appending users to *out.
func collectUsers(out *[]core.User) func(*sql.Rows) error {
	return func(r *sql.Rows) error {
		u, err := scanUser(r)
		if err != nil {
			return err
		}
		*out = append(*out, u)
		return nil
	}
}
