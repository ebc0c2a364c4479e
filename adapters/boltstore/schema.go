package boltstore

import (
	"context"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"harriet/core"
)

// SchemaVersion is the bbolt schema this binary writes. Version 1 is the layout of
// buckets below; a later version that changes it adds a step to Migrate.
const SchemaVersion = 1

// Buckets. Records are keyed companyID 0x00 ID; index buckets map normalised keys to
// IDs and are written in the same transaction as their record. The email index puts
// the email first, so one key serves both ByEmail (one company) and
// ByEmailAnyCompany, and each create touches one bucket fewer.
var (
	bMeta         = []byte("meta")         // schemaKey → decimal version
	bCounts       = []byte("counts")       // counter name 0 cid [0 gid] → int64
	bCompanies    = []byte("companies")    // cid → companyRecord
	bCompanySlug  = []byte("company_slug") // slug → cid
	bUsers        = []byte("users")        // cid 0 uid → userRecord (deleted users too)
	bUsersLive    = []byte("users_live")   // cid 0 uid → present: users not soft-deleted
	bUserName     = []byte("user_name")    // cid 0 NormUserName → uid
	bUserEmail    = []byte("user_email")   // NormEmail(primary) 0 cid → uid (email first: see above)
	bUserExt      = []byte("user_ext")     // cid 0 externalId 0 uid → present
	bGroups       = []byte("groups")       // cid 0 gid → groupRecord
	bGroupName    = []byte("group_name")   // cid 0 NormGroupName → gid
	bGroupExt     = []byte("group_ext")    // cid 0 externalId 0 gid → present
	bMembers      = []byte("members")      // cid 0 gid 0 uid → added at (ms)
	bMemberOf     = []byte("member_of")    // cid 0 uid 0 gid → present
	bTokens       = []byte("tokens")       // cid 0 tid → tokenRecord
	bTokenHash    = []byte("token_hash")   // sha256 → cid 0 tid
	bIntegrations = []byte("integrations") // cid → integrationRecord
	bIntDomain    = []byte("int_domain")   // NormDomain → cid
	bIntIssuer    = []byte("int_issuer")   // issuer 0 cid → present
	bAudit        = []byte("audit")        // cid 0 aid → auditRecord
	bSessions     = []byte("sessions")     // sha256 → sessionRecord
	bSessionUser  = []byte("session_user") // cid 0 uid 0 sha256 → present
)

var allBuckets = [][]byte{
	bMeta, bCounts, bCompanies, bCompanySlug, bUsers, bUsersLive, bUserName, bUserEmail,
	bUserExt, bGroups, bGroupName, bGroupExt, bMembers, bMemberOf, bTokens,
	bTokenHash, bIntegrations, bIntDomain, bIntIssuer, bAudit, bSessions, bSessionUser,
}

var schemaKey = []byte("schema_version")

// ensureBuckets makes every bucket of this schema, so that the repositories can take
// them for granted.
func ensureBuckets(tx *bolt.Tx) error {
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

// schemaVersion reads the version recorded in the file: 0 for a file never migrated.
func (db *DB) schemaVersion() (int, error) {
	have := 0
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		have, err = readSchemaVersion(tx)
		return err
	})
	return have, boltErr(err)
}

func readSchemaVersion(tx *bolt.Tx) (int, error) {
	b := tx.Bucket(bMeta)
	if b == nil {
		return 0, nil
	}
	v := b.Get(schemaKey)
	if v == nil {
		return 0, nil
	}
	n, err := strconv.Atoi(string(v))
	if err != nil {
		return 0, core.Wrap(core.Internal, err, "The schema version recorded in the bbolt store is unreadable.")
	}
	return n, nil
}

// SchemaStatus returns the schema version of the file and the one this binary wants.
func (db *DB) SchemaStatus(ctx context.Context) (have, want int, err error) {
	if err := ctx.Err(); err != nil {
		return 0, SchemaVersion, ctxErr(err)
	}
	have, err = db.schemaVersion()
	return have, SchemaVersion, err
}

// Migrate makes the buckets and records SchemaVersion. A file written by a newer
// binary is refused with core.Precondition and left unchanged.
func (db *DB) Migrate(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return ctxErr(err)
	}
	var fnErr error
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		have, err := readSchemaVersion(tx)
		if err != nil {
			fnErr = err
			return err
		}
		if have > SchemaVersion {
			fnErr = tooNewErr(db.path, have)
			return fnErr
		}
		if err := ensureBuckets(tx); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put(schemaKey, []byte(strconv.Itoa(SchemaVersion)))
	})
	if fnErr != nil {
		return fnErr
	}
	return boltErr(err)
}

func tooNewErr(path string, have int) error {
	return core.E(core.Precondition,
		"The bbolt store %s has schema version %d, but this harriet binary supports schema version %d: run a newer harriet binary.",
		path, have, SchemaVersion)
}
