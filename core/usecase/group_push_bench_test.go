package usecase_test

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"harriet/adapters/boltstore"
	"harriet/adapters/system"
	"harriet/core"
	"harriet/core/usecase"
)

// Benchmarks for the closing note of the Group Push issue; not run in CI. Run once:
//
//	go test -run '^$' -bench BenchmarkGroupPush -benchtime 1x ./core/usecase/
//
// Each pushes 10,000 members into one group in PATCHes of 100 through the use case,
// on a durable bbolt file (fsync on every commit), and writes the same number of raw
// membership keys (both directions, 100 per fsync'd transaction) into a fresh bbolt
// file as the baseline. Reported: ns per member for both, their ratio, and the cost
// of the last PATCHes over the first (median of 10 each, and the single last over the
// single first; it must stay within 1.5: a PATCH costs the size of its change, not of
// the group).
const (
	benchMembers = 10000
	benchBatch   = 100
)

func BenchmarkGroupPushPlainGroup(b *testing.B) { benchGroupPush(b, "Engineering") }

func BenchmarkGroupPushRoleGroup(b *testing.B) { benchGroupPush(b, "Harriet Support Group") }

func benchGroupPush(b *testing.B, name string) {
	path := filepath.Join(b.TempDir(), "bench.db")
	cid, users := seedBenchUsers(b, path)
	db, err := boltstore.Open(path, boltstore.Options{}) // durable: fsync on commit
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc := &usecase.Service{Store: db, Clock: system.Clock{}, IDs: system.IDs{}}
	okta := core.Principal{CompanyID: cid, Kind: core.ActorToken, TokenID: "bench", Scope: core.ScopeSCIM}
	ctx := context.Background()
	b.ResetTimer()
	var perPatch []time.Duration
	for i := range b.N {
		gname := name // the exact name, so a role group grants its role
		if i > 0 {
			gname = fmt.Sprintf("%s %d", name, i)
		}
		res, err := svc.CreateGroup(ctx, okta, usecase.GroupInput{DisplayName: gname})
		if err != nil {
			b.Fatal(err)
		}
		perPatch = pushAll(b, svc, okta, res.Group.ID, users)
	}
	b.StopTimer()
	var total time.Duration
	for _, d := range perPatch {
		total += d
	}
	raw := rawMembershipWrites(b, cid, users)
	perMember := float64(total.Nanoseconds()) / benchMembers
	b.ReportMetric(perMember, "ns/member")
	b.ReportMetric(float64(raw.Nanoseconds())/benchMembers, "raw-ns/member")
	b.ReportMetric(perMember/(float64(raw.Nanoseconds())/benchMembers), "x-raw")
	b.ReportMetric(median(perPatch[len(perPatch)-10:])/median(perPatch[:10]), "last10/first10-median")
	b.ReportMetric(float64(perPatch[len(perPatch)-1])/float64(perPatch[0]), "lastPATCH/firstPATCH")
}

// pushAll adds every user in PATCHes of benchBatch and times each PATCH.
func pushAll(b *testing.B, svc *usecase.Service, p core.Principal, gid string, users []string) []time.Duration {
	var out []time.Duration
	for from := 0; from < len(users); from += benchBatch {
		op := usecase.GroupOp{Kind: usecase.GroupOpAddMembers, Members: users[from : from+benchBatch]}
		start := time.Now()
		res, err := svc.PatchGroup(context.Background(), p, gid, usecase.GroupPatch{Ops: []usecase.GroupOp{op}})
		out = append(out, time.Since(start))
		if err != nil || !res.Changed {
			b.Fatalf("patch at %d: %v", from, err)
		}
	}
	return out
}

// seedBenchUsers makes a company with a saved integration and benchMembers users,
// without fsync (seeding is not measured).
func seedBenchUsers(b *testing.B, path string) (string, []string) {
	db, err := boltstore.Open(path, boltstore.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx, now, ids := context.Background(), system.Clock{}.Now(), system.IDs{}
	c := core.Company{ID: ids.New(), Slug: "bench", Name: "Bench", Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := db.Companies().Create(ctx, c); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Integrations().Put(ctx, core.Integration{CompanyID: c.ID, Domain: "bench.test", ClientID: "c",
		LoginDomain: "bench.okta.com", Issuer: "https://bench.okta.com", CreatedAt: now, UpdatedAt: now}); err != nil {
		b.Fatal(err)
	}
	users := make([]string, benchMembers)
	for i := range users {
		email := fmt.Sprintf("user%05d@bench.test", i)
		u := core.User{ID: ids.New(), CompanyID: c.ID, UserName: email, Name: core.NameFromEmail(email),
			Emails: []core.Email{{Value: email, Primary: true}}, Active: true, Source: core.SourceSCIM,
			Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := db.Users().Create(ctx, u); err != nil {
			b.Fatal(err)
		}
		users[i] = u.ID
	}
	return c.ID, users
}

// rawMembershipWrites writes the two keys of each membership straight into bbolt,
// benchBatch memberships per fsync'd transaction, and returns the time taken.
func rawMembershipWrites(b *testing.B, cid string, users []string) time.Duration {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600,
		&bolt.Options{NoFreelistSync: true, FreelistType: bolt.FreelistMapType})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	gid := system.IDs{}.New()
	if err := db.Update(func(tx *bolt.Tx) error {
		_, e1 := tx.CreateBucketIfNotExists([]byte("members"))
		_, e2 := tx.CreateBucketIfNotExists([]byte("member_of"))
		return errors.Join(e1, e2)
	}); err != nil {
		b.Fatal(err)
	}
	when := make([]byte, 8)
	binary.BigEndian.PutUint64(when, uint64(time.Now().UnixMilli()))
	start := time.Now()
	for from := 0; from < len(users); from += benchBatch {
		err := db.Update(func(tx *bolt.Tx) error {
			mb, ob := tx.Bucket([]byte("members")), tx.Bucket([]byte("member_of"))
			for _, uid := range users[from : from+benchBatch] {
				if err := mb.Put([]byte(cid+"\x00"+gid+"\x00"+uid), when); err != nil {
					return err
				}
				if err := ob.Put([]byte(cid+"\x00"+uid+"\x00"+gid), nil); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start)
}

// median is robust to the odd slow fsync, which a single PATCH's time is not.
func median(ds []time.Duration) float64 {
	s := slices.Clone(ds)
	slices.Sort(s)
	return float64(s[len(s)/2].Nanoseconds())
}
