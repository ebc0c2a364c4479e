package scimapi

import (
	"fmt"
	"sync/atomic"
	"testing"

	"harriet/tests/fixture"
)

// TestOktaFixturesAgainstTheHandler replays the handed Okta fixtures against this
// package's handler alone, a quick self-check; the end-to-end runner in tests/e2e
// replays them against the wired server. The fixture that reads roles through the
// admin API needs that API and runs there only.
func TestOktaFixturesAgainstTheHandler(t *testing.T) {
	fixtures, err := fixture.LoadDir(fixture.Dir(t))
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	fixture.Suite{
		Skip: map[string]string{"group-role-mapping": "reads roles through /api/v1; tests/e2e runs it"},
		Setup: func(t *testing.T, f fixture.Fixture) fixture.Target {
			e := newEnv(t)
			slug := fmt.Sprintf("fx%d", n.Add(1))
			e.newCompany(slug, true)
			e.newCompany(slug+"-noint", false)
			return fixture.Target{BaseURL: e.srv.URL, Token: slug + "-owner", NoIntegrationToken: slug + "-noint-owner"}
		},
	}.Run(t, fixtures)
}
