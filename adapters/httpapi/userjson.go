package httpapi

import (
	"harriet/core"
	"harriet/core/usecase"
)

// userJSON is SPEC.md's user object, shared by /me and /users.
type userJSON struct {
	ID           string              `json:"id"`
	Email        string              `json:"email"`
	UserName     string              `json:"user_name"`
	Name         nameJSON            `json:"name"`
	Active       bool                `json:"active"`
	Roles        []string            `json:"roles"`
	DirectRoles  []string            `json:"direct_roles"`
	Groups       []userGroupJSON     `json:"groups"`
	RoleSources  map[string][]string `json:"role_sources"`
	OktaLink     *oktaLinkJSON       `json:"okta_link"`
	PrimaryOwner bool                `json:"primary_owner"`
	CreatedAt    string              `json:"created_at"`
	UpdatedAt    string              `json:"updated_at"`
	// DeletedAt is when the user was soft-deleted (listed only with
	// ?include_deleted=true), else null: "active": false alone would not tell a
	// deleted user from a deactivated one.
	DeletedAt *string `json:"deleted_at"`
}

type nameJSON struct {
	Given  string `json:"given"`
	Family string `json:"family"`
}

// userGroupJSON is a group the user belongs to; role is null for a plain group.
type userGroupJSON struct {
	ID   string  `json:"id"`
	Name string  `json:"name"`
	Role *string `json:"role"`
}

type oktaLinkJSON struct {
	Issuer   string `json:"issuer"`
	Subject  string `json:"subject"`
	LinkedAt string `json:"linked_at"`
}

// userObject encodes a user with roles, groups and role sources. Never a password hash.
func userObject(d usecase.UserDetail) userJSON {
	u := d.User
	out := userJSON{
		ID: u.ID, Email: u.PrimaryEmail(), UserName: u.UserName,
		Name:   nameJSON{Given: u.Name.GivenName, Family: u.Name.FamilyName},
		Active: u.Active, Roles: roleStrings(d.Roles.Roles()), DirectRoles: directRoles(u.DirectRoles),
		Groups: make([]userGroupJSON, 0, len(d.Groups)), RoleSources: map[string][]string{},
		PrimaryOwner: d.PrimaryOwner, CreatedAt: jsonTime(u.CreatedAt), UpdatedAt: jsonTime(u.UpdatedAt),
		DeletedAt: jsonTimePtr(u.DeletedAt),
	}
	for _, g := range d.Groups {
		out.Groups = append(out.Groups, userGroupJSON{ID: g.ID, Name: g.DisplayName, Role: groupRole(g)})
	}
	for role, sources := range d.Roles {
		out.RoleSources[string(role)] = append([]string{}, sources...)
	}
	if l := u.OktaLink; l != nil {
		out.OktaLink = &oktaLinkJSON{Issuer: l.Issuer, Subject: l.Subject, LinkedAt: jsonTime(l.LinkedAt)}
	}
	return out
}

// groupRole is the role a group grants, or nil for a plain group.
func groupRole(g core.Group) *string {
	r, ok := g.Role()
	if !ok {
		return nil
	}
	s := string(r)
	return &s
}

func roleStrings(roles []core.Role) []string {
	out := make([]string, 0, len(roles))
	for _, r := range roles {
		out = append(out, string(r))
	}
	return out
}

// directRoles lists direct roles in the table's order, whatever order they were stored in.
func directRoles(direct []core.Role) []string {
	have := map[core.Role]bool{}
	for _, r := range direct {
		have[r] = true
	}
	out := []string{}
	for _, r := range core.AllRoles() {
		if have[r] {
			out = append(out, string(r))
		}
	}
	return out
}
