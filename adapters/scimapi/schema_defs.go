package scimapi

// userSchema is the core User schema as Harriet keeps it (RFC 7643 §4.1). Attributes
// Harriet does not keep (ims, photos, entitlements, roles, x509Certificates) are not
// listed; clients that send them have them ignored.
var userSchema = &schema{ID: urnUser, Name: "User", Desc: "A person in a Harriet company.", Attrs: []*attr{
	idAttr(), externalIDAttr(),
	{Name: "userName", Type: tString, Required: true, Unique: true, MaxLen: maxIdentityLen,
		Desc: "The user's sign-in name, kept as sent and compared case-insensitively."},
	complexAttr("name", "The user's name.", false,
		str("formatted", "The full name."), str("familyName", "The family name."),
		str("givenName", "The given name."), str("middleName", "The middle name."),
		str("honorificPrefix", "A title before the name."), str("honorificSuffix", "A suffix after the name.")),
	str("displayName", "The name to show."), str("nickName", "A casual name."),
	{Name: "profileUrl", Type: tReference, References: []string{"external"}, Desc: "A profile page."},
	str("title", "The job title."), str("userType", "The kind of user, like Employee."),
	str("preferredLanguage", "The preferred language."), str("locale", "The locale, as sent."),
	str("timezone", "The time zone, as sent."),
	{Name: "active", Type: tBoolean, Desc: "Whether the user may sign in. Deactivated users stay readable."},
	{Name: "password", Type: tString, WriteOnly: true,
		Desc: "Accepted and discarded: Harriet never stores SCIM passwords; users sign in with Okta."},
	complexAttr("emails", "Email addresses; the primary one is the sign-in identity.", true,
		multiValue(limit(str("value", "The email address."), maxIdentityLen))...),
	complexAttr("phoneNumbers", "Phone numbers.", true, multiValue(str("value", "The phone number."))...),
	complexAttr("addresses", "Postal addresses.", true,
		multiline(str("formatted", "The full address.")), str("streetAddress", "The street."),
		str("locality", "The city."), str("region", "The state or region."),
		numeric(str("postalCode", "The postal code.")), str("country", "The country."),
		str("type", "A label: work, home, other."), primaryAttr()),
	readOnly(complexAttr("groups", "The groups the user belongs to (read-only: change them on the group).", true,
		readOnly(exact(str("value", "The group's id."))),
		readOnly(exact(&attr{Name: "$ref", Type: tReference, References: []string{"Group"}, Desc: "The group's URI."})),
		readOnly(str("display", "The group's displayName.")),
		readOnly(str("type", "direct")))),
	metaAttr(),
}}

// enterpriseSchema is the enterprise user extension (RFC 7643 §4.3).
var enterpriseSchema = &schema{ID: urnEnterprise, Name: "EnterpriseUser", Desc: "Enterprise user attributes.",
	Attrs: []*attr{
		numeric(str("employeeNumber", "The employee number.")), numeric(str("costCenter", "The cost center.")),
		str("organization", "The organization."), str("division", "The division."),
		str("department", "The department."),
		idAsValue(complexAttr("manager", "The user's manager.", false,
			exact(str("value", "The manager's id.")),
			exact(&attr{Name: "$ref", Type: tReference, References: []string{"User"}, Desc: "The manager's URI."}),
			str("displayName", "The manager's name."))),
	}}

// groupSchema is the core Group schema (RFC 7643 §4.2), with displayName compared
// exactly on purpose (SPEC.md: group names are exact).
var groupSchema = &schema{ID: urnGroup, Name: "Group", Desc: "A set of users; role groups grant roles.", Attrs: []*attr{
	idAttr(), externalIDAttr(),
	{Name: "displayName", Type: tString, CaseExact: true, Required: true, Unique: true, MaxLen: maxIdentityLen,
		Desc: "The group's name, compared exactly: the role group names grant roles only when spelled exactly."},
	shaped(complexAttr("members", "The group's members.", true,
		// Any string: a value that is no Harriet ID is skipped as unknown, never
		// refused (one stale ID must not lose a push), and remembered in short.
		opaque(exact(str("value", "The member's id."))),
		exact(&attr{Name: "$ref", Type: tReference, References: []string{"User"}, Desc: "The member's URI."}),
		str("display", "The member's name."),
		str("type", "User")), `a list of {"value": id}`),
	metaAttr(),
}}

// userResource and groupResource are the two resource types Harriet serves.
var (
	userResource  = &resource{Name: "User", Endpoint: "/Users", Core: userSchema, Exts: []*schema{enterpriseSchema}}
	groupResource = &resource{Name: "Group", Endpoint: "/Groups", Core: groupSchema}
)

// discardedUserAttrs are standard attributes Harriet accepts and drops: a PATCH
// naming them succeeds and changes nothing.
var discardedUserAttrs = map[string]bool{
	"password": true, "ims": true, "photos": true, "entitlements": true, "roles": true, "x509certificates": true,
}
