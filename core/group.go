package core

import "time"

// Group is a set of users. Groups pushed by Okta whose displayName is in the role
// table grant that role to their members; any other name is a plain group.
// Members are not kept here: each membership is its own record (Membership), so a
// change costs the size of the change, never of the group.
type Group struct {
	ID            string
	CompanyID     string
	DisplayName   string // exact; identity through NormGroupName
	ExternalID    string
	ManagedByOkta bool
	OktaChangedAt *time.Time // last time a SCIM request changed it
	// SkippedMemberIDs are the last 20 unknown member IDs a push named.
	SkippedMemberIDs []string
	Version          int64
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// MaxSkippedMemberIDs is how many skipped member IDs a group remembers.
const MaxSkippedMemberIDs = 20

// Role returns the role this group grants, if its name is a role group's.
func (g Group) Role() (Role, bool) { return RoleForGroupName(g.DisplayName) }

// NoteSkipped remembers unknown member IDs a push named, keeping the last 20, each
// as RecordedID keeps it, so the record stays small whatever a client sent.
func (g *Group) NoteSkipped(ids []string) {
	if len(ids) > MaxSkippedMemberIDs {
		ids = ids[len(ids)-MaxSkippedMemberIDs:]
	}
	kept := append([]string(nil), g.SkippedMemberIDs...)
	for _, id := range ids {
		kept = append(kept, RecordedID(id))
	}
	if n := len(kept); n > MaxSkippedMemberIDs {
		kept = kept[n-MaxSkippedMemberIDs:]
	}
	g.SkippedMemberIDs = kept
}

// Membership says a user belongs to a group.
type Membership struct {
	CompanyID string
	GroupID   string
	UserID    string
	AddedAt   time.Time
}
