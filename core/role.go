package core

import "sort"

// Role is a Harriet role, spelled exactly as the API shows it.
type Role string

// The roles of SPEC.md.
const (
	RoleOwner              Role = "Owner"
	RoleAdmin              Role = "Admin"
	RoleSupport            Role = "Support"
	RoleAccessPersonalData Role = "Access Personal Data"
	RoleAccessPayData      Role = "Access Pay Data"
	RoleManageUsers        Role = "Manage Users"
	RoleManageKnowledge    Role = "Manage Knowledge"
	RoleManageWorkflows    Role = "Manage Workflows"
	RoleManageEmbeds       Role = "Manage Embeds"
	RoleAccessBilling      Role = "Access Billing"
	RoleManageIntegrations Role = "Manage Integrations"
	RoleExportData         Role = "Export Data"
	RoleManageAPIKeys      Role = "Manage API Keys"
	RoleFinance            Role = "Finance"
	RoleRestrictedAccess   Role = "Restricted access"
)

// roleGroups maps each Okta group name that grants a role to that role. Names match
// exactly: spaces and capitals included.
var roleGroups = map[string]Role{
	"Harriet Owner Group":                RoleOwner,
	"Harriet Admin Group":                RoleAdmin,
	"Harriet Support Group":              RoleSupport,
	"Harriet Access Personal Data Group": RoleAccessPersonalData,
	"Harriet Access Pay Data Group":      RoleAccessPayData,
	"Harriet Manage Users Group":         RoleManageUsers,
	"Harriet Manage Knowledge Group":     RoleManageKnowledge,
	"Harriet Manage Workflows Group":     RoleManageWorkflows,
	"Harriet Manage Embeds Group":        RoleManageEmbeds,
	"Harriet Access Billing Group":       RoleAccessBilling,
	"Harriet Manage Integrations Group":  RoleManageIntegrations,
	"Harriet Export Data Group":          RoleExportData,
	"Harriet Manage API Keys Group":      RoleManageAPIKeys,
	"Harriet Finance Group":              RoleFinance,
	"Harriet Restricted Access Group":    RoleRestrictedAccess,
}

// restrictedAway are the roles that Restricted access takes away, whatever grants them.
var restrictedAway = []Role{
	RoleAccessPersonalData, RoleAccessPayData, RoleExportData, RoleAccessBilling, RoleFinance,
}

// RoleForGroupName returns the role a group of this exact displayName grants.
func RoleForGroupName(displayName string) (Role, bool) {
	r, ok := roleGroups[displayName]
	return r, ok
}

// NearMissRoleGroup returns the role group name that name almost is (equal after case
// folding and collapsing spaces, but not exactly equal), or "".
func NearMissRoleGroup(name string) string {
	if _, exact := roleGroups[name]; exact {
		return ""
	}
	folded := foldName(name)
	for groupName := range roleGroups {
		if foldName(groupName) == folded {
			return groupName
		}
	}
	return ""
}

// AllRoles lists every role in the order of SPEC.md's table.
func AllRoles() []Role {
	return []Role{
		RoleOwner, RoleAdmin, RoleSupport, RoleAccessPersonalData, RoleAccessPayData,
		RoleManageUsers, RoleManageKnowledge, RoleManageWorkflows, RoleManageEmbeds,
		RoleAccessBilling, RoleManageIntegrations, RoleExportData, RoleManageAPIKeys,
		RoleFinance, RoleRestrictedAccess,
	}
}

// ParseRole returns the role spelled exactly s.
func ParseRole(s string) (Role, bool) {
	for _, r := range AllRoles() {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// RoleGroupName returns the Okta group name that grants role.
func RoleGroupName(role Role) string {
	for name, r := range roleGroups {
		if r == role {
			return name
		}
	}
	return ""
}

// SourceDirect marks a role granted directly in Harriet; any other source is a group ID.
const SourceDirect = "direct"

// RoleSources maps each effective role to where it comes from: SourceDirect and/or
// the IDs of the role groups that grant it.
type RoleSources map[Role][]string

// Has reports whether the role is effective.
func (rs RoleSources) Has(r Role) bool { _, ok := rs[r]; return ok }

// Roles lists the effective roles in table order.
func (rs RoleSources) Roles() []Role {
	out := []Role{}
	for _, r := range AllRoles() {
		if rs.Has(r) {
			out = append(out, r)
		}
	}
	return out
}

// EffectiveRoles is the one function that computes what a user may do: the direct
// roles plus the roles of every role group they belong to, with Restricted access
// removing the sensitive roles, and nothing at all while the user is deactivated or
// deleted. Every permission check goes through it, so roles cannot drift from the
// stored facts.
func EffectiveRoles(u User, groups []Group) RoleSources {
	rs := RoleSources{}
	if !u.Active || u.DeletedAt != nil {
		return rs
	}
	for _, r := range u.DirectRoles {
		rs[r] = append(rs[r], SourceDirect)
	}
	for _, g := range groups {
		if r, ok := RoleForGroupName(g.DisplayName); ok {
			rs[r] = append(rs[r], g.ID)
		}
	}
	if rs.Has(RoleRestrictedAccess) {
		for _, r := range restrictedAway {
			delete(rs, r)
		}
	}
	for r := range rs {
		sort.Strings(rs[r])
	}
	return rs
}
