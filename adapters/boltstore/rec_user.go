package boltstore

import "harriet/core"

type userRecord struct {
	ID                string          `json:"id"`
	CompanyID         string          `json:"company_id"`
	UserName          string          `json:"user_name"`
	ExternalID        string          `json:"external_id,omitempty"`
	Name              nameRecord      `json:"name"`
	DisplayName       string          `json:"display_name,omitempty"`
	NickName          string          `json:"nick_name,omitempty"`
	ProfileURL        string          `json:"profile_url,omitempty"`
	Title             string          `json:"title,omitempty"`
	UserType          string          `json:"user_type,omitempty"`
	PreferredLanguage string          `json:"preferred_language,omitempty"`
	Locale            string          `json:"locale,omitempty"`
	Timezone          string          `json:"timezone,omitempty"`
	Emails            []multiRecord   `json:"emails,omitempty"`
	PhoneNumbers      []multiRecord   `json:"phone_numbers,omitempty"`
	Addresses         []addressRecord `json:"addresses,omitempty"`
	Enterprise        *enterpriseRec  `json:"enterprise,omitempty"`
	Active            bool            `json:"active"`
	DirectRoles       []string        `json:"direct_roles,omitempty"`
	PasswordHash      []byte          `json:"password_hash,omitempty"`
	OktaLink          *oktaLinkRecord `json:"okta_link,omitempty"`
	Source            string          `json:"source,omitempty"`
	Version           int64           `json:"version"`
	CreatedAt         int64           `json:"created_at"`
	UpdatedAt         int64           `json:"updated_at"`
	DeletedAt         *int64          `json:"deleted_at,omitempty"`
}

type nameRecord struct {
	Formatted       string `json:"formatted,omitempty"`
	GivenName       string `json:"given,omitempty"`
	FamilyName      string `json:"family,omitempty"`
	MiddleName      string `json:"middle,omitempty"`
	HonorificPrefix string `json:"prefix,omitempty"`
	HonorificSuffix string `json:"suffix,omitempty"`
}

// multiRecord holds an email or any other multi-valued entry.
type multiRecord struct {
	Value   string `json:"value,omitempty"`
	Type    string `json:"type,omitempty"`
	Display string `json:"display,omitempty"`
	Primary bool   `json:"primary,omitempty"`
}

type addressRecord struct {
	Formatted     string `json:"formatted,omitempty"`
	StreetAddress string `json:"street,omitempty"`
	Locality      string `json:"locality,omitempty"`
	Region        string `json:"region,omitempty"`
	PostalCode    string `json:"postal_code,omitempty"`
	Country       string `json:"country,omitempty"`
	Type          string `json:"type,omitempty"`
	Primary       bool   `json:"primary,omitempty"`
}

type enterpriseRec struct {
	EmployeeNumber string         `json:"employee_number,omitempty"`
	CostCenter     string         `json:"cost_center,omitempty"`
	Organization   string         `json:"organization,omitempty"`
	Division       string         `json:"division,omitempty"`
	Department     string         `json:"department,omitempty"`
	Manager        *managerRecord `json:"manager,omitempty"`
}

type managerRecord struct {
	Value       string `json:"value,omitempty"`
	DisplayName string `json:"display_name,omitempty"`
}

type oktaLinkRecord struct {
	Issuer   string `json:"issuer"`
	Subject  string `json:"subject"`
	LinkedAt int64  `json:"linked_at"`
}

func encodeUser(u core.User) ([]byte, error) {
	r := userRecord{
		ID: u.ID, CompanyID: u.CompanyID, UserName: u.UserName, ExternalID: u.ExternalID,
		Name: nameRecord(u.Name), DisplayName: u.DisplayName, NickName: u.NickName,
		ProfileURL: u.ProfileURL, Title: u.Title, UserType: u.UserType,
		PreferredLanguage: u.PreferredLanguage, Locale: u.Locale, Timezone: u.Timezone,
		Active: u.Active, PasswordHash: u.PasswordHash, Source: u.Source, Version: u.Version,
		CreatedAt: ms(u.CreatedAt), UpdatedAt: ms(u.UpdatedAt), DeletedAt: msPtr(u.DeletedAt),
	}
	for _, e := range u.Emails {
		r.Emails = append(r.Emails, multiRecord(e))
	}
	for _, p := range u.PhoneNumbers {
		r.PhoneNumbers = append(r.PhoneNumbers, multiRecord(p))
	}
	for _, a := range u.Addresses {
		r.Addresses = append(r.Addresses, addressRecord(a))
	}
	for _, role := range u.DirectRoles {
		r.DirectRoles = append(r.DirectRoles, string(role))
	}
	if e := u.Enterprise; e != nil {
		r.Enterprise = &enterpriseRec{EmployeeNumber: e.EmployeeNumber, CostCenter: e.CostCenter,
			Organization: e.Organization, Division: e.Division, Department: e.Department}
		if e.Manager != nil {
			m := managerRecord(*e.Manager)
			r.Enterprise.Manager = &m
		}
	}
	if l := u.OktaLink; l != nil {
		r.OktaLink = &oktaLinkRecord{Issuer: l.Issuer, Subject: l.Subject, LinkedAt: ms(l.LinkedAt)}
	}
	return encode("user", r)
}

func decodeUser(b []byte) (core.User, error) {
	var r userRecord
	if err := decode("user", b, &r); err != nil {
		return core.User{}, err
	}
	u := core.User{
		ID: r.ID, CompanyID: r.CompanyID, UserName: r.UserName, ExternalID: r.ExternalID,
		Name: core.Name(r.Name), DisplayName: r.DisplayName, NickName: r.NickName,
		ProfileURL: r.ProfileURL, Title: r.Title, UserType: r.UserType,
		PreferredLanguage: r.PreferredLanguage, Locale: r.Locale, Timezone: r.Timezone,
		Active: r.Active, PasswordHash: r.PasswordHash, Source: r.Source, Version: r.Version,
		CreatedAt: fromMS(r.CreatedAt), UpdatedAt: fromMS(r.UpdatedAt), DeletedAt: fromMSPtr(r.DeletedAt),
	}
	for _, e := range r.Emails {
		u.Emails = append(u.Emails, core.Email(e))
	}
	for _, p := range r.PhoneNumbers {
		u.PhoneNumbers = append(u.PhoneNumbers, core.MultiValue(p))
	}
	for _, a := range r.Addresses {
		u.Addresses = append(u.Addresses, core.Address(a))
	}
	for _, role := range r.DirectRoles {
		u.DirectRoles = append(u.DirectRoles, core.Role(role))
	}
	if e := r.Enterprise; e != nil {
		u.Enterprise = &core.EnterpriseUser{EmployeeNumber: e.EmployeeNumber, CostCenter: e.CostCenter,
			Organization: e.Organization, Division: e.Division, Department: e.Department}
		if e.Manager != nil {
			m := core.Manager(*e.Manager)
			u.Enterprise.Manager = &m
		}
	}
	if l := r.OktaLink; l != nil {
		u.OktaLink = &core.OktaLink{Issuer: l.Issuer, Subject: l.Subject, LinkedAt: fromMS(l.LinkedAt)}
	}
	return u, nil
}
