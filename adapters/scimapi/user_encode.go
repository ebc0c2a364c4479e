package scimapi

import (
	"strconv"
	"time"

	"harriet/core"
	"harriet/core/usecase"
)

// timeLayout is RFC 3339 in UTC with milliseconds, the precision every store keeps.
const timeLayout = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// etag is a record's meta.version and ETag: a weak tag over its version counter.
func etag(version int64) string { return `W/"` + strconv.FormatInt(version, 10) + `"` }

func putStr(m map[string]any, k, v string) {
	if v != "" {
		m[k] = v
	}
}

// userDoc renders a user as its SCIM document with canonical names: the one
// representation that answers, filters and PATCH operations all work on. For
// answers (forOutput), a user without a name or emails gets them from its email or
// email-like userName, so every user Okta reads has name.givenName, name.familyName
// and emails; a PATCH works on the stored values only.
func (a *API) userDoc(r usecase.UserRecord, forOutput bool) map[string]any {
	u := r.User
	if forOutput {
		u.FillName()
		if len(u.Emails) == 0 && u.PrimaryEmail() != "" {
			u.Emails = []core.Email{{Value: u.PrimaryEmail(), Type: "work", Primary: true}}
		}
	}
	doc := map[string]any{"schemas": []any{urnUser}, "id": u.ID, "userName": u.UserName, "active": u.Active}
	putStr(doc, "externalId", u.ExternalID)
	if name := nameDoc(u.Name); len(name) > 0 {
		doc["name"] = name
	}
	for k, v := range map[string]string{"displayName": u.DisplayName, "nickName": u.NickName, "profileUrl": u.ProfileURL,
		"title": u.Title, "userType": u.UserType, "preferredLanguage": u.PreferredLanguage, "locale": u.Locale,
		"timezone": u.Timezone} {
		putStr(doc, k, v)
	}
	if len(u.Emails) > 0 {
		doc["emails"] = emailsDoc(u.Emails)
	}
	if len(u.PhoneNumbers) > 0 {
		doc["phoneNumbers"] = multiDoc(u.PhoneNumbers)
	}
	if len(u.Addresses) > 0 {
		doc["addresses"] = addressesDoc(u.Addresses)
	}
	if ent := enterpriseDoc(u.Enterprise); ent != nil {
		doc[urnEnterprise] = ent
		doc["schemas"] = []any{urnUser, urnEnterprise}
	}
	if r.Groups != nil {
		doc["groups"] = a.userGroupsDoc(r.Groups)
	}
	doc["meta"] = a.meta("User", "/Users/"+u.ID, u.CreatedAt, u.UpdatedAt, u.Version)
	return doc
}

func (a *API) meta(kind, path string, created, modified time.Time, version int64) map[string]any {
	return map[string]any{"resourceType": kind, "created": formatTime(created), "lastModified": formatTime(modified),
		"location": a.location(path), "version": etag(version)}
}

// location is a resource's absolute URI under the configured public URL.
func (a *API) location(path string) string { return a.opts.PublicURL + basePath + path }

func nameDoc(n core.Name) map[string]any {
	m := map[string]any{}
	putStr(m, "formatted", n.Formatted)
	putStr(m, "givenName", n.GivenName)
	putStr(m, "familyName", n.FamilyName)
	putStr(m, "middleName", n.MiddleName)
	putStr(m, "honorificPrefix", n.HonorificPrefix)
	putStr(m, "honorificSuffix", n.HonorificSuffix)
	return m
}

func emailsDoc(emails []core.Email) []any {
	out := make([]any, len(emails))
	for i, e := range emails {
		m := map[string]any{"value": e.Value, "primary": e.Primary}
		putStr(m, "type", e.Type)
		putStr(m, "display", e.Display)
		out[i] = m
	}
	return out
}

func multiDoc(values []core.MultiValue) []any {
	out := make([]any, len(values))
	for i, e := range values {
		m := map[string]any{"value": e.Value, "primary": e.Primary}
		putStr(m, "type", e.Type)
		putStr(m, "display", e.Display)
		out[i] = m
	}
	return out
}

func addressesDoc(addrs []core.Address) []any {
	out := make([]any, len(addrs))
	for i, ad := range addrs {
		m := map[string]any{"primary": ad.Primary}
		putStr(m, "formatted", ad.Formatted)
		putStr(m, "streetAddress", ad.StreetAddress)
		putStr(m, "locality", ad.Locality)
		putStr(m, "region", ad.Region)
		putStr(m, "postalCode", ad.PostalCode)
		putStr(m, "country", ad.Country)
		putStr(m, "type", ad.Type)
		out[i] = m
	}
	return out
}

func enterpriseDoc(e *core.EnterpriseUser) map[string]any {
	if e == nil {
		return nil
	}
	m := map[string]any{}
	putStr(m, "employeeNumber", e.EmployeeNumber)
	putStr(m, "costCenter", e.CostCenter)
	putStr(m, "organization", e.Organization)
	putStr(m, "division", e.Division)
	putStr(m, "department", e.Department)
	if e.Manager != nil && (e.Manager.Value != "" || e.Manager.DisplayName != "") {
		mgr := map[string]any{}
		putStr(mgr, "value", e.Manager.Value)
		putStr(mgr, "displayName", e.Manager.DisplayName)
		m["manager"] = mgr
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// userGroupsDoc is the read-only groups attribute of a user.
func (a *API) userGroupsDoc(groups []core.Group) []any {
	out := make([]any, len(groups))
	for i, g := range groups {
		out[i] = map[string]any{"value": g.ID, "display": g.DisplayName, "type": "direct",
			"$ref": a.location("/Groups/" + g.ID)}
	}
	return out
}
