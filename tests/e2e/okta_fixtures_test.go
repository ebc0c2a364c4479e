package e2e

import (
	"testing"

	"harriet/tests/e2e/harness"
	"harriet/tests/fixture"
)

// TestOktaFixtures replays every Okta fixture against the real server on a fresh
// bbolt file, each fixture on a fresh company of its own.
func TestOktaFixtures(t *testing.T) {
	t.Parallel()
	runOktaFixtures(t, harness.StartBolt(t))
}

// runOktaFixtures replays every fixture file against srv, each on a fresh company
// (group-role-mapping needs one where the role groups were never pushed), in
// parallel.
func runOktaFixtures(t *testing.T, srv *harness.Server) {
	fixtures, err := fixture.LoadDir(fixture.Dir(t))
	if err != nil {
		t.Fatal(err)
	}
	fixture.Suite{
		Setup:    func(t *testing.T, _ fixture.Fixture) fixture.Target { return srv.Target(t) },
		Parallel: true,
	}.Run(t, fixtures)
}
