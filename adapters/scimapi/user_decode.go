package scimapi

import (
	"fmt"
	"strings"

	"harriet/core"
	"harriet/core/usecase"
)

// reader reads typed values out of a canonical document and keeps the first error,
// so decoding reads straight through. Client values were checked against the
// attribute table as they were canonicalised (canon.go), so a type error here means
// a document that did not come through canonDoc or applyPatch.
type reader struct{ err error }

func (rd *reader) fail(field, format string, args ...any) {
	if rd.err == nil {
		rd.err = &core.Error{Kind: core.Invalid, Field: field, SCIMType: "invalidValue", Message: fmt.Sprintf(format, args...)}
	}
}

// str reads a string.
func (rd *reader) str(m map[string]any, key, field string) string {
	switch v := m[key].(type) {
	case nil:
		return ""
	case string:
		return v
	}
	rd.fail(field, "%s must be a string.", field)
	return ""
}

// boolean reads a boolean (canonicalisation already turned "True"/"false" into one).
func (rd *reader) boolean(m map[string]any, key, field string) (value, present bool) {
	switch v := m[key].(type) {
	case nil:
		return false, false
	case bool:
		return v, true
	}
	rd.fail(field, "%s must be true or false.", field)
	return false, false
}

func (rd *reader) object(m map[string]any, key, field string) map[string]any {
	switch v := m[key].(type) {
	case nil:
		return nil
	case map[string]any:
		return v
	}
	rd.fail(field, "%s must be an object.", field)
	return nil
}

func (rd *reader) objects(m map[string]any, key, field string) []map[string]any {
	var out []map[string]any
	switch v := m[key].(type) {
	case nil:
		return nil
	case []any:
		for _, e := range v {
			switch o := e.(type) {
			case map[string]any:
				out = append(out, o)
			case nil:
			default:
				rd.fail(field, "Each entry of %s must be an object, like {\"value\": \"...\"}.", field)
			}
		}
		return out
	}
	rd.fail(field, "%s must be a list.", field)
	return nil
}

// decodeUser reads a canonical user document (see canonDoc) into the use cases'
// input. Attributes Harriet owns (id, meta, groups) and passwords are not read.
func decodeUser(doc map[string]any) (usecase.UserInput, error) {
	rd := &reader{}
	var u core.User
	u.UserName = rd.str(doc, "userName", "userName")
	u.ExternalID = rd.str(doc, "externalId", "externalId")
	u.DisplayName = rd.str(doc, "displayName", "displayName")
	u.NickName = rd.str(doc, "nickName", "nickName")
	u.ProfileURL = rd.str(doc, "profileUrl", "profileUrl")
	u.Title = rd.str(doc, "title", "title")
	u.UserType = rd.str(doc, "userType", "userType")
	u.PreferredLanguage = rd.str(doc, "preferredLanguage", "preferredLanguage")
	u.Locale = rd.str(doc, "locale", "locale")
	u.Timezone = rd.str(doc, "timezone", "timezone")
	u.Name = decodeName(rd, rd.object(doc, "name", "name"))
	for _, e := range rd.objects(doc, "emails", "emails") {
		p, _ := rd.boolean(e, "primary", "emails.primary")
		u.Emails = append(u.Emails, core.Email{Value: strings.TrimSpace(rd.str(e, "value", "emails.value")),
			Type: rd.str(e, "type", "emails.type"), Display: rd.str(e, "display", "emails.display"), Primary: p})
	}
	for _, e := range rd.objects(doc, "phoneNumbers", "phoneNumbers") {
		p, _ := rd.boolean(e, "primary", "phoneNumbers.primary")
		u.PhoneNumbers = append(u.PhoneNumbers, core.MultiValue{Value: rd.str(e, "value", "phoneNumbers.value"),
			Type: rd.str(e, "type", "phoneNumbers.type"), Display: rd.str(e, "display", "phoneNumbers.display"), Primary: p})
	}
	for _, e := range rd.objects(doc, "addresses", "addresses") {
		u.Addresses = append(u.Addresses, decodeAddress(rd, e))
	}
	u.Enterprise = decodeEnterprise(rd, rd.object(doc, urnEnterprise, urnEnterprise))
	in := usecase.UserInput{Profile: u}
	if active, ok := rd.boolean(doc, "active", "active"); ok {
		in.Active = &active
	}
	return in, rd.err
}

func decodeName(rd *reader, m map[string]any) core.Name {
	return core.Name{
		Formatted: rd.str(m, "formatted", "name.formatted"), GivenName: rd.str(m, "givenName", "name.givenName"),
		FamilyName: rd.str(m, "familyName", "name.familyName"), MiddleName: rd.str(m, "middleName", "name.middleName"),
		HonorificPrefix: rd.str(m, "honorificPrefix", "name.honorificPrefix"),
		HonorificSuffix: rd.str(m, "honorificSuffix", "name.honorificSuffix"),
	}
}

func decodeAddress(rd *reader, m map[string]any) core.Address {
	p, _ := rd.boolean(m, "primary", "addresses.primary")
	return core.Address{
		Formatted: rd.str(m, "formatted", "addresses.formatted"), StreetAddress: rd.str(m, "streetAddress", "addresses.streetAddress"),
		Locality: rd.str(m, "locality", "addresses.locality"), Region: rd.str(m, "region", "addresses.region"),
		PostalCode: rd.str(m, "postalCode", "addresses.postalCode"), Country: rd.str(m, "country", "addresses.country"),
		Type: rd.str(m, "type", "addresses.type"), Primary: p,
	}
}

func decodeEnterprise(rd *reader, m map[string]any) *core.EnterpriseUser {
	if m == nil {
		return nil
	}
	e := &core.EnterpriseUser{
		EmployeeNumber: rd.str(m, "employeeNumber", "employeeNumber"), CostCenter: rd.str(m, "costCenter", "costCenter"),
		Organization: rd.str(m, "organization", "organization"), Division: rd.str(m, "division", "division"),
		Department: rd.str(m, "department", "department"),
	}
	if mv := rd.object(m, "manager", "manager"); mv != nil { // an id alone was canonicalised to {"value": id}
		mgr := core.Manager{Value: rd.str(mv, "value", "manager.value"), DisplayName: rd.str(mv, "displayName", "manager.displayName")}
		if mgr != (core.Manager{}) {
			e.Manager = &mgr
		}
	}
	return e
}

// checkSchemas validates a body's schemas list when there is one: it must name the
// resource's core schema. Beyond that, schemas is Harriet's to set.
func checkSchemas(body map[string]any, want string) error {
	var raw any
	for k, v := range body {
		if strings.EqualFold(k, "schemas") {
			raw = v
		}
	}
	if raw == nil {
		return nil
	}
	list, ok := raw.([]any)
	if ok {
		for _, s := range list {
			if str, isStr := s.(string); isStr && strings.EqualFold(str, want) {
				return nil
			}
		}
	}
	return &core.Error{Kind: core.Invalid, Field: "schemas", SCIMType: "invalidValue",
		Message: fmt.Sprintf("schemas must list %q.", want)}
}
