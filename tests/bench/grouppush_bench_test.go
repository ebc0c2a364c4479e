package bench

// Group push on MySQL over HTTP (issues 3 and 5): 10,000 members into one group in
// PATCHes of 100, one node and two nodes, beside raw membership-row inserts on the
// same database in the same run. Not run in CI:
//
//	HARRIET_TEST_MYSQL_DSN='root@tcp(127.0.0.1:3306)/' go test -run '^$' -bench 'BenchmarkGroupPushMySQL' -benchtime 1x -timeout 20m ./tests/bench/
//
// 10,000 users are seeded through the store port; a group is created with POST
// /scim/v2/Groups, then Okta's PATCH (op add, path members, 100 {value, display}
// items) is sent 100 times, in turn to each node, one after another as Okta pushes
// one group. Beside every PATCH, in alternating order, the same 100 memberships are
// written raw into tables defined LIKE group_members: once as 100 autocommit
// single-row INSERTs (issue 5's baseline), once as one 100-row INSERT in one commit
// (the grouping a PATCH has, as the bbolt baseline of the use-case benchmark). Every
// PATCH must answer 204 and the group must hold 10,000 members at the end.
// Reported: time per member of each, the medians over PATCHes of the per-PATCH
// ratios, and the last PATCHes' cost over the first ones' (median of 10 each, and the
// single last over the single first; target within 1.5).

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"harriet/adapters/system"
	"harriet/core"
	"harriet/tests/e2e/harness"
)

const (
	pushMembers = 10000
	pushBatch   = 100
)

func BenchmarkGroupPushMySQL(b *testing.B) {
	store, key := harness.MySQLStore(b), newKey(b)
	one := startNode(b, store, key)
	two := startNode(b, store, key) // its own App and pool on the same database
	p := &pushEnv{t: newTenant(b, one)}
	p.users = seedUsers(b, one.App.DB, p.t.ID, "push", pushMembers)
	p.raw = rawMySQL(b, store)
	cloneTable(b, p.raw, "group_members", "bench_members_single")
	cloneTable(b, p.raw, "group_members", "bench_members_batch")
	for _, nodes := range [][]*harness.Server{{one}, {one, two}} {
		b.Run(fmt.Sprintf("nodes=%d", len(nodes)), func(b *testing.B) {
			var t pushTimes
			for range b.N {
				t.add(p.push(b, nodes))
			}
			t.report(b)
		})
	}
}

// pushEnv is the company, its seeded users and the raw pool.
type pushEnv struct {
	t     tenant
	users []core.User
	raw   *sql.DB
}

// pushTimes holds, per PATCH, its time and the two raw writes of the same members.
type pushTimes struct{ patch, single, batch []time.Duration }

func (t *pushTimes) add(o pushTimes) {
	t.patch, t.single, t.batch = append(t.patch, o.patch...), append(t.single, o.single...), append(t.batch, o.batch...)
}

// push creates a group and pushes every user into it, timing each PATCH and the raw
// writes beside it.
func (p *pushEnv) push(b *testing.B, nodes []*harness.Server) pushTimes {
	gid := p.createGroup(b, nodes[0])
	rawGroup := system.IDs{}.New()
	var t pushTimes
	for k := range pushMembers / pushBatch {
		chunk := p.users[k*pushBatch : (k+1)*pushBatch]
		steps := []func(){
			func() { t.single = append(t.single, p.rawSingle(b, rawGroup, chunk)) },
			func() { t.batch = append(t.batch, p.rawBatch(b, rawGroup, chunk)) },
			func() { t.patch = append(t.patch, p.patch(b, nodes[k%len(nodes)], gid, chunk)) },
		}
		for i := range steps {
			if k%2 == 1 {
				i = len(steps) - 1 - i // every other PATCH goes first
			}
			steps[i]()
		}
	}
	n, err := nodes[0].App.DB.Members().CountMembers(context.Background(), p.t.ID, gid)
	if err != nil || n != pushMembers {
		b.Fatalf("the group holds %d members after the push, want %d (%v)", n, pushMembers, err)
	}
	return t
}

func (p *pushEnv) createGroup(b *testing.B, node *harness.Server) string {
	body, _ := json.Marshal(map[string]any{"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:Group"},
		"displayName": "Bench Push " + system.IDs{}.New(), "members": []any{}})
	status, data, _, err := call(http.MethodPost, node.URL+"/scim/v2/Groups", p.t.Token, body)
	var g struct {
		ID string `json:"id"`
	}
	if err != nil || status != http.StatusCreated || json.Unmarshal(data, &g) != nil || g.ID == "" {
		b.Fatalf("POST /Groups answered %d (%v): %.300s", status, err, data)
	}
	return g.ID
}

// patch sends Okta's add of members and returns how long it took.
func (p *pushEnv) patch(b *testing.B, node *harness.Server, gid string, chunk []core.User) time.Duration {
	members := make([]map[string]string, len(chunk))
	for i, u := range chunk {
		members[i] = map[string]string{"value": u.ID, "display": u.UserName}
	}
	body, _ := json.Marshal(map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
		"Operations": []any{map[string]any{"op": "add", "path": "members", "value": members}}})
	status, data, d, err := call(http.MethodPatch, node.URL+"/scim/v2/Groups/"+gid, p.t.Token, body)
	if err != nil || status != http.StatusNoContent {
		b.Fatalf("PATCH /Groups answered %d (%v): %.300s", status, err, data)
	}
	return d
}

// rawSingle inserts the memberships one autocommit INSERT each.
func (p *pushEnv) rawSingle(b *testing.B, gid string, chunk []core.User) time.Duration {
	ctx, now := context.Background(), time.Now().UTC()
	start := time.Now()
	for _, u := range chunk {
		if _, err := p.raw.ExecContext(ctx, "INSERT INTO bench_members_single (company_id, group_id, user_id, added_at) VALUES (?, ?, ?, ?)",
			p.t.ID, gid, u.ID, now); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start)
}

// rawBatch inserts the memberships with one INSERT of every row, one commit.
func (p *pushEnv) rawBatch(b *testing.B, gid string, chunk []core.User) time.Duration {
	now := time.Now().UTC()
	args := make([]any, 0, 4*len(chunk))
	for _, u := range chunk {
		args = append(args, p.t.ID, gid, u.ID, now)
	}
	q := "INSERT INTO bench_members_batch (company_id, group_id, user_id, added_at) VALUES " +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", len(chunk)), ", ")
	start := time.Now()
	if _, err := p.raw.ExecContext(context.Background(), q, args...); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

func (t pushTimes) report(b *testing.B) {
	perMember := func(ds []time.Duration) float64 { return float64(sum(ds).Nanoseconds()) / float64(len(ds)*pushBatch) }
	b.ReportMetric(perMember(t.patch), "patch-ns/member")
	b.ReportMetric(perMember(t.single), "raw-single-ns/member")
	b.ReportMetric(perMember(t.batch), "raw-batch-ns/member")
	b.ReportMetric(median(ratiosOf(t.patch, t.single)), "patch/raw-single")
	b.ReportMetric(median(ratiosOf(t.patch, t.batch)), "patch/raw-batch")
	// per push: the last PATCHes against the first ones of the same group
	var last10, last1 []float64
	per := pushMembers / pushBatch
	for from := 0; from < len(t.patch); from += per {
		push := t.patch[from : from+per]
		last10 = append(last10, float64(percentile(push[per-10:], 50))/float64(percentile(push[:10], 50)))
		last1 = append(last1, float64(push[per-1])/float64(push[0]))
	}
	b.ReportMetric(median(last10), "last10/first10")
	b.ReportMetric(median(last1), "last/first")
}

func sum(ds []time.Duration) time.Duration {
	var s time.Duration
	for _, d := range ds {
		s += d
	}
	return s
}

func ratiosOf(a, b []time.Duration) []float64 {
	out := make([]float64, len(a))
	for i := range a {
		out[i] = float64(a[i]) / float64(b[i])
	}
	return out
}
