package e2e

import (
	"testing"

	"harriet/tests/fixture"
)

// pendingGroupPush lists the fixtures that create and change groups. They wait for
// Group Push (POST, PUT and PATCH on /scim/v2/Groups); empty this list when it lands.
// Every other fixture runs now.
var pendingGroupPush = []string{
	"group-add-appends",
	"group-push-basic",
	"group-replace-empty",
	"group-role-mapping",
	"group-unknown-member",
}

// TestOktaFixtures replays every Okta fixture against the real server on a fresh
// bbolt file, each fixture on a fresh company of its own.
func TestOktaFixtures(t *testing.T) {
	t.Parallel()
	runOktaFixtures(t, startBolt(t))
}

// runOktaFixtures replays every fixture file against srv, each on a fresh company
// (group-role-mapping needs one where the role groups were never pushed), in
// parallel.
func runOktaFixtures(t *testing.T, srv *server) {
	fixtures, err := fixture.LoadDir(fixture.Dir(t))
	if err != nil {
		t.Fatal(err)
	}
	skip := map[string]string{}
	for _, name := range pendingGroupPush {
		skip[name] = "waiting for Group Push (POST /Groups); remove it from pendingGroupPush when that lands"
	}
	fixture.Suite{
		Setup:    func(t *testing.T, _ fixture.Fixture) fixture.Target { return srv.target(t) },
		Skip:     skip,
		Parallel: true,
	}.Run(t, fixtures)
}
