package scimapi

import "strings"

// Schema and message URNs (RFC 7643, RFC 7644).
const (
	urnUser           = "urn:ietf:params:scim:schemas:core:2.0:User"
	urnEnterprise     = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	urnGroup          = "urn:ietf:params:scim:schemas:core:2.0:Group"
	urnListResponse   = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	urnError          = "urn:ietf:params:scim:api:messages:2.0:Error"
	urnPatchOp        = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
	urnSPConfig       = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
	urnResourceType   = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
	urnSchemaResource = "urn:ietf:params:scim:schemas:core:2.0:Schema"
)

// Attribute types (RFC 7643 §2.3).
const (
	tString    = "string"
	tBoolean   = "boolean"
	tComplex   = "complex"
	tDateTime  = "dateTime"
	tReference = "reference"
)

// attr describes one SCIM attribute. One table drives decoding (attribute names are
// case-insensitive), filtering (types, caseExact), PATCH paths and the /Schemas
// answer, so they cannot disagree.
type attr struct {
	Name       string
	Type       string
	Multi      bool
	CaseExact  bool
	ReadOnly   bool // id, meta, groups: ignored on input
	WriteOnly  bool // password: accepted and discarded
	Required   bool
	Unique     bool
	Common     bool // id, externalId, meta: common attributes, not listed in /Schemas
	Desc       string
	Sub        []*attr
	References []string
	// What a client may send (checked once, as input is canonicalised: canon.go).
	MaxLen       int    // the longest string, in characters; 0: the type's default
	Multiline    bool   // tabs and line breaks are allowed (a formatted address)
	Opaque       bool   // any string: its content is not checked (member IDs)
	NumberAsText bool   // a JSON number is taken as its text (employeeNumber: 4711)
	IDAsValue    bool   // a bare string is taken as {"value": s} (a manager's id alone)
	Shape        string // how a whole value looks, for the wrong-type message
}

// schema is one SCIM schema: its URN and attributes.
type schema struct {
	ID, Name, Desc string
	Attrs          []*attr
}

// resource is a resource type: a core schema and its extensions.
type resource struct {
	Name     string // "User", "Group"
	Endpoint string // "/Users"
	Core     *schema
	Exts     []*schema
}

func find(attrs []*attr, name string) *attr {
	for _, a := range attrs {
		if strings.EqualFold(a.Name, name) {
			return a
		}
	}
	return nil
}

// ext returns the extension schema with this URN, compared case-insensitively.
func (rs *resource) ext(urn string) *schema {
	for _, s := range rs.Exts {
		if strings.EqualFold(s.ID, urn) {
			return s
		}
	}
	return nil
}

// attrsOf returns the attributes a URN prefix names: the core schema for "" or the
// core URN, an extension's for its URN, and false for any other URN.
func (rs *resource) attrsOf(uri string) (container string, attrs []*attr, ok bool) {
	if uri == "" || strings.EqualFold(uri, rs.Core.ID) {
		return "", rs.Core.Attrs, true
	}
	if s := rs.ext(uri); s != nil {
		return s.ID, s.Attrs, true
	}
	return "", nil, false
}

func str(name, desc string) *attr { return &attr{Name: name, Type: tString, Desc: desc} }

func exact(a *attr) *attr    { a.CaseExact = true; return a }
func readOnly(a *attr) *attr { a.ReadOnly = true; return a }

// numeric marks a string attribute that clients may send as a JSON number, taken as
// its text: HR systems number employees and cost centres.
func numeric(a *attr) *attr { a.NumberAsText = true; return a }

// idAsValue marks a complex attribute that clients may send as the id alone.
func idAsValue(a *attr) *attr {
	a.IDAsValue, a.Shape = true, `an object like {"value": "<id>"}`
	return a
}

// Lengths of strings a client may send, in characters (README, "Limits"). Identities
// (userName, email addresses, group names) are short: Okta allows 100 characters
// for a username and 255 for a group name, and an email address has at most 254.
// Every other string is capped generously, URLs more so; what a client sends
// beyond that is a mistake, not a profile.
const (
	maxIdentityLen  = 256
	maxTextLen      = 1024
	maxReferenceLen = 2048
)

// limit sets the longest string a client may send for the attribute.
func limit(a *attr, n int) *attr { a.MaxLen = n; return a }

// multiline lets the attribute hold tabs and line breaks.
func multiline(a *attr) *attr { a.Multiline = true; return a }

// opaque lets the attribute hold any string.
func opaque(a *attr) *attr { a.Opaque = true; return a }

// maxLen is the longest string the attribute takes.
func (a *attr) maxLen() int {
	switch {
	case a.MaxLen != 0:
		return a.MaxLen
	case a.Type == tReference:
		return maxReferenceLen
	}
	return maxTextLen
}

// shaped sets how the attribute's value looks, for the wrong-type message.
func shaped(a *attr, shape string) *attr { a.Shape = shape; return a }

func complexAttr(name, desc string, multi bool, sub ...*attr) *attr {
	return &attr{Name: name, Type: tComplex, Multi: multi, Desc: desc, Sub: sub}
}

func primaryAttr() *attr {
	return &attr{Name: "primary", Type: tBoolean, Desc: "Whether this is the primary value."}
}

// multiValue is the sub-attributes of emails and phoneNumbers.
func multiValue(value *attr) []*attr {
	return []*attr{value, str("display", "A human-readable name."),
		str("type", "A label: work, home, other."), primaryAttr()}
}

func metaAttr() *attr {
	m := complexAttr("meta", "Resource metadata.", false,
		exact(str("resourceType", "The resource type.")),
		&attr{Name: "created", Type: tDateTime, Desc: "When the resource was created."},
		&attr{Name: "lastModified", Type: tDateTime, Desc: "When the resource last changed."},
		exact(&attr{Name: "location", Type: tReference, Desc: "The resource's URI."}),
		exact(str("version", "The resource's version (an ETag).")))
	m.ReadOnly, m.Common = true, true
	for _, s := range m.Sub {
		s.ReadOnly = true
	}
	return m
}

func idAttr() *attr {
	return &attr{Name: "id", Type: tString, CaseExact: true, ReadOnly: true, Unique: true, Common: true,
		Desc: "Harriet's identifier of the resource: opaque, stable."}
}

func externalIDAttr() *attr {
	return &attr{Name: "externalId", Type: tString, CaseExact: true, Common: true,
		Desc: "The client's identifier of the resource (Okta's user or group ID)."}
}
