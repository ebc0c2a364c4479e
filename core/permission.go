package core

// Action is something a principal may be allowed to do (SPEC.md, "Who may do what").
type Action string

// The actions of SPEC.md's permission table.
const (
	ActReadOwnProfile          Action = "read_own_profile"
	ActReadIntegration         Action = "read_integration"
	ActWriteIntegration        Action = "write_integration"
	ActManageOwnTokens         Action = "manage_own_tokens"
	ActCreateProvisioningToken Action = "create_provisioning_token"
	ActManageAllTokens         Action = "manage_all_tokens"
	ActUseSCIM                 Action = "use_scim"
	ActReadDirectory           Action = "read_directory"
	ActManageUsers             Action = "manage_users"
	ActReadAudit               Action = "read_audit"
	ActTransferPrimaryOwner    Action = "transfer_primary_owner"
)

// anyone marks an action every signed-in user may take.
var anyone = []Role{}

// permissions is the one permission table. Every check goes through Allowed.
var permissions = map[Action][]Role{
	ActReadOwnProfile:          anyone,
	ActReadIntegration:         {RoleOwner, RoleAdmin, RoleManageIntegrations},
	ActWriteIntegration:        {RoleOwner, RoleAdmin, RoleManageIntegrations},
	ActManageOwnTokens:         {RoleOwner, RoleAdmin, RoleManageAPIKeys},
	ActCreateProvisioningToken: {RoleOwner, RoleManageAPIKeys},
	ActManageAllTokens:         {RoleOwner, RoleManageAPIKeys},
	ActUseSCIM:                 {RoleOwner}, // plus any provisioning token: see Principal.Can
	ActReadDirectory:           {RoleOwner, RoleAdmin, RoleManageUsers},
	ActManageUsers:             {RoleOwner, RoleAdmin},
	ActReadAudit:               {RoleOwner, RoleAdmin},
	ActTransferPrimaryOwner:    {RoleOwner},
}

// Allowed reports whether a holder of these effective roles may take the action.
func Allowed(roles RoleSources, a Action) bool {
	need, ok := permissions[a]
	if !ok {
		return false
	}
	if len(need) == 0 {
		return true
	}
	for _, r := range need {
		if roles.Has(r) {
			return true
		}
	}
	return false
}

// OwnerEquivalent reports whether a role is as powerful as Owner. Manage API Keys is:
// its holder can make a provisioning token, and whoever controls SCIM can push
// "Harriet Owner Group".
func OwnerEquivalent(role Role) bool {
	return role == RoleOwner || role == RoleManageAPIKeys
}

// CanGrantRole reports whether a holder of these roles may grant role directly or add
// a user holding it: Owners any role, Admins any but Owner and the roles as powerful
// as Owner (otherwise an Admin could grant themself Manage API Keys and push their
// way to Owner).
func CanGrantRole(roles RoleSources, role Role) bool {
	if roles.Has(RoleOwner) {
		return true
	}
	return roles.Has(RoleAdmin) && !OwnerEquivalent(role)
}
