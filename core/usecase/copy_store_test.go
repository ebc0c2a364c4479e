package usecase_test

import (
	"context"
	"crypto/rand"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"harriet/adapters/boltstore"
	"harriet/adapters/keys"
	"harriet/core"
	"harriet/core/usecase"
	"harriet/tests/storecheck"
)

func openBolt(t *testing.T, name string) *boltstore.DB {
	t.Helper()
	db, err := boltstore.Open(filepath.Join(t.TempDir(), name), boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func newBox(t *testing.T) *keys.SecretBox {
	t.Helper()
	b := make([]byte, keys.Size)
	_, _ = rand.Read(b)
	root, err := keys.FromBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	box, err := keys.NewSecretBox(root, keys.PurposeOktaClientSecret)
	if err != nil {
		t.Fatal(err)
	}
	return box
}

// A copy into another bbolt file under another key moves every record exactly (IDs,
// versions, times, deleted users, revoked tokens, memberships with their times, the
// integration at its version), re-seals the client secret for the destination's
// key, reports progress per aggregate in order, and verifies the counts.
func TestStoreCopyMovesEveryRecord(t *testing.T) {
	ctx := context.Background()
	src, dst := openBolt(t, "src.db"), openBolt(t, "dst.db")
	fromBox, toBox := newBox(t), newBox(t)
	if err := storecheck.Seed(ctx, src, fromBox, 20, "acme", "globex"); err != nil {
		t.Fatal(err)
	}
	var events []usecase.CopyProgress
	sc := &usecase.StoreCopy{From: src, To: dst, FromSecrets: fromBox, ToSecrets: toBox, BatchSize: 7,
		Progress: func(p usecase.CopyProgress) { events = append(events, p) }}
	res, err := sc.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want, err := storecheck.Take(ctx, src, fromBox)
	if err != nil {
		t.Fatal(err)
	}
	got, err := storecheck.Take(ctx, dst, toBox)
	if err != nil {
		t.Fatalf("reading the copy with the destination's key: %v", err)
	}
	if d := storecheck.Diff(want, got); len(d) > 0 {
		t.Fatalf("the copy differs from the source:\n%s", strings.Join(d, "\n"))
	}
	checkCounts(t, res, want.Count())
	checkProgress(t, events, res)
	in, err := dst.Integrations().Get(ctx, want.Companies[0].ID)
	if err != nil || in.Version != 3 {
		t.Fatalf("copied integration: version %d, %v; want version 3", in.Version, err)
	}
	if _, err := fromBox.Open(in.CompanyID, in.SecretSealed); err == nil {
		t.Fatal("the copied client secret still opens with the source's key: it was not re-sealed")
	}
}

// checkCounts wants the source, written and destination counts equal to the
// snapshot's, and no mismatch.
func checkCounts(t *testing.T, res usecase.CopyResult, n map[string]int) {
	t.Helper()
	want := usecase.CopyCounts{usecase.AggCompanies: n["companies"], usecase.AggUsers: n["users"],
		usecase.AggGroups: n["groups"], usecase.AggMemberships: n["memberships"], usecase.AggTokens: n["tokens"],
		usecase.AggIntegrations: n["integrations"], usecase.AggAudit: n["audit"]}
	for _, agg := range usecase.CopyAggregates {
		if res.Source[agg] != want[agg] || res.Written[agg] != want[agg] || res.Destination[agg] != want[agg] {
			t.Errorf("%s: source %d, written %d, destination %d; want %d",
				agg, res.Source[agg], res.Written[agg], res.Destination[agg], want[agg])
		}
	}
	if m := res.Mismatches(); len(m) > 0 {
		t.Errorf("mismatches reported for an exact copy: %v", m)
	}
	if want[usecase.AggUsers] < 50 || want[usecase.AggAudit] != 10 || want[usecase.AggIntegrations] != 1 {
		t.Errorf("the seed is not what the test needs: %v", want)
	}
}

// checkProgress wants each aggregate reported in copy order, from 0 up to its
// total, never going back.
func checkProgress(t *testing.T, events []usecase.CopyProgress, res usecase.CopyResult) {
	t.Helper()
	var order []string
	for i, e := range events {
		if i == 0 || e.Aggregate != events[i-1].Aggregate {
			order = append(order, e.Aggregate)
			if e.Done != 0 {
				t.Errorf("%s started at %d, want 0", e.Aggregate, e.Done)
			}
		} else if e.Done < events[i-1].Done {
			t.Errorf("%s went back from %d to %d", e.Aggregate, events[i-1].Done, e.Done)
		}
		if e.Total != res.Source[e.Aggregate] {
			t.Errorf("%s reported total %d, want %d", e.Aggregate, e.Total, res.Source[e.Aggregate])
		}
	}
	if !slices.Equal(order, usecase.CopyAggregates) {
		t.Errorf("progress order %v, want %v", order, usecase.CopyAggregates)
	}
	last := map[string]int{}
	for _, e := range events {
		last[e.Aggregate] = e.Done
	}
	if last[usecase.AggUsers] != res.Source[usecase.AggUsers] || len(events) < 2*len(usecase.CopyAggregates) {
		t.Errorf("progress ended at %v after %d reports", last, len(events))
	}
}

// A destination holding a company is refused before anything is written.
func TestStoreCopyRefusesNonEmptyDestination(t *testing.T) {
	ctx := context.Background()
	src, dst := openBolt(t, "src.db"), openBolt(t, "dst.db")
	box := newBox(t)
	if err := storecheck.Seed(ctx, src, box, 0, "acme"); err != nil {
		t.Fatal(err)
	}
	if err := storecheck.Seed(ctx, dst, box, 0, "existing"); err != nil {
		t.Fatal(err)
	}
	before, _ := storecheck.Take(ctx, dst, box)
	_, err := (&usecase.StoreCopy{From: src, To: dst, FromSecrets: box, ToSecrets: box}).Run(ctx)
	if !core.IsKind(err, core.Precondition) || !strings.Contains(core.MessageOf(err), "not empty") ||
		!strings.Contains(core.MessageOf(err), "existing") {
		t.Fatalf("copy into a non-empty store: %v", err)
	}
	after, _ := storecheck.Take(ctx, dst, box)
	if d := storecheck.Diff(before, after); len(d) > 0 {
		t.Fatalf("the refused copy changed the destination:\n%s", strings.Join(d, "\n"))
	}
}

// A source key that does not open the client secrets stops the copy before it
// writes anything, with a message that names the companies and the flag.
func TestStoreCopyWrongSourceKey(t *testing.T) {
	ctx := context.Background()
	src, dst := openBolt(t, "src.db"), openBolt(t, "dst.db")
	if err := storecheck.Seed(ctx, src, newBox(t), 0, "acme", "globex"); err != nil {
		t.Fatal(err)
	}
	res, err := (&usecase.StoreCopy{From: src, To: dst, FromSecrets: newBox(t), ToSecrets: newBox(t)}).Run(ctx)
	msg := core.MessageOf(err)
	if !core.IsKind(err, core.Precondition) || !strings.Contains(msg, "nothing was copied") ||
		!strings.Contains(msg, "acme") || !strings.Contains(msg, "--from-key-file") {
		t.Fatalf("copy with the wrong source key: %v", err)
	}
	for agg, n := range res.Written {
		if n != 0 {
			t.Fatalf("%d %s written before the refusal", n, agg)
		}
	}
	if cs, err := dst.Companies().List(ctx); err != nil || len(cs) != 0 {
		t.Fatalf("the destination holds %d companies, %v", len(cs), err)
	}
}

func TestCopyResultMismatches(t *testing.T) {
	same := usecase.CopyCounts{usecase.AggUsers: 3, usecase.AggAudit: 9}
	if m := (usecase.CopyResult{Source: same, Destination: same}).Mismatches(); len(m) != 0 {
		t.Fatalf("equal counts: %v", m)
	}
	short := usecase.CopyCounts{usecase.AggUsers: 3, usecase.AggAudit: 8}
	m := (usecase.CopyResult{Source: same, Destination: short}).Mismatches()
	if len(m) != 1 || !strings.Contains(m[0], "audit entries: the source has 9, the destination 8") {
		t.Fatalf("one count short: %v", m)
	}
}
