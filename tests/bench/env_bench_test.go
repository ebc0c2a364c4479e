// Package bench measures the real wired server (bootstrap.NewApp behind an HTTP
// listener on loopback) on bbolt and on MySQL, beside raw writes to the same store
// in the same run. It holds Benchmark functions only, so `make test` runs nothing
// here; `make bench` runs everything. Each file names its own invocation; all at
// once (MySQL parts skip without the DSN):
//
//	HARRIET_TEST_MYSQL_DSN='root@tcp(127.0.0.1:3306)/' go test -run '^$' -bench . -benchtime 1x -timeout 30m ./tests/bench/
//
// The machine is shared, so every figure compares a subject with its baseline
// measured in alternation within one run, over several rounds, and reports medians.
package bench

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"harriet/adapters/system"
	"harriet/bootstrap"
	"harriet/core"
	"harriet/ports"
	"harriet/tests/e2e/harness"
)

// newKey is a fresh root key, base64 as HARRIET_SECRET_KEY takes it. Nodes that
// share a database share it.
func newKey(b *testing.B) string {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		b.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(k)
}

// startNode wires an App on store as `harriet serve --scim-rate 0 --auth-fail-limit 0`
// does and serves it on loopback until the benchmark ends. harness.Start keeps the
// default SCIM rate limit, which would measure the limiter instead of the server.
// Logs are written as JSON, as in production, and thrown away.
func startNode(b *testing.B, store, key string) *harness.Server {
	b.Helper()
	hs := httptest.NewUnstartedServer(nil)
	url := "http://" + hs.Listener.Addr().String()
	cfg := bootstrap.DefaultConfig()
	cfg.Store, cfg.SecretKey = store, key
	cfg.PublicURL, cfg.AllowInsecureIdP = url, true
	cfg.SCIMRate, cfg.AuthFailLimit = 0, 0
	app, err := bootstrap.NewApp(context.Background(), cfg,
		bootstrap.WithLogger(bootstrap.NewLogger(bootstrap.LogJSON, io.Discard)))
	if err != nil {
		hs.Listener.Close()
		b.Fatalf("starting a node: %v", err)
	}
	hs.Config.Handler = app.Handler
	hs.Start()
	b.Cleanup(func() {
		hs.Close()
		if err := app.Close(); err != nil {
			b.Errorf("closing the app: %v", err)
		}
	})
	return &harness.Server{URL: url, App: app, IdP: harness.StartIdP(b)}
}

// tenant is a company set up as an admin does (bootstrap, Owner token, Okta
// integration saved over the API) with the provisioning token Okta would hold.
type tenant struct {
	ID    string
	Token string         // a provisioning (scim) token
	As    core.Principal // that token as the use cases see it
}

func newTenant(b *testing.B, srv *harness.Server) tenant {
	b.Helper()
	ctx := context.Background()
	c := srv.NewCompany(b, true)
	company, err := srv.App.DB.Companies().BySlug(ctx, c.Slug)
	if err != nil {
		b.Fatal(err)
	}
	secret, tok, err := srv.App.Service.IssueTokenAsOperator(ctx, c.Slug, c.OwnerEmail, "okta", core.ScopeSCIM)
	if err != nil {
		b.Fatal(err)
	}
	return tenant{ID: company.ID, Token: secret,
		As: core.Principal{CompanyID: company.ID, Kind: core.ActorToken, TokenID: tok.ID, Scope: core.ScopeSCIM}}
}

// seedBatch is how many users one seeding transaction creates.
const seedBatch = 1000

// seedUsers creates n users of the shape Okta provisions through the store port, in
// transactions of seedBatch, and returns them. userNames are spread over the key
// space (a hash prefix), not appended in order, as real names are.
func seedUsers(b *testing.B, st ports.Store, cid, tag string, n int) []core.User {
	b.Helper()
	ctx, now, ids := context.Background(), system.Clock{}.Now(), system.IDs{}
	users := make([]core.User, 0, n)
	start := time.Now()
	for from := 0; from < n; from += seedBatch {
		batch := make([]core.User, 0, seedBatch)
		for i := from; i < min(n, from+seedBatch); i++ {
			batch = append(batch, oktaUser(cid, ids.New(), tag, i, now))
		}
		err := st.InTx(ctx, func(tx ports.Store) error {
			for _, u := range batch {
				if err := tx.Users().Create(ctx, u); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatalf("seeding users %d..%d: %v", from, from+len(batch), err)
		}
		users = append(users, batch...)
	}
	b.Logf("seeded %d users through the store in %s", n, time.Since(start).Round(time.Millisecond))
	return users
}

// oktaUser is the i-th seeded user: what a SCIM create from Okta stores.
func oktaUser(cid, id, tag string, i int, now time.Time) core.User {
	h := uint32(i) * 2654435761 // Knuth's multiplicative hash: spreads i over 32 bits
	email := fmt.Sprintf("u%08x.%d.%s@acme.test", h, i, tag)
	return core.User{ID: id, CompanyID: cid, UserName: email, ExternalID: fmt.Sprintf("00u%s%07d", tag, i),
		Name:        core.Name{GivenName: "Given", FamilyName: fmt.Sprintf("Family%d", i)},
		DisplayName: fmt.Sprintf("Given Family%d", i), Locale: "en-US",
		Emails: []core.Email{{Value: email, Type: "work", Primary: true}},
		Active: true, Source: core.SourceSCIM, Version: 1, CreatedAt: now, UpdatedAt: now}
}

// client is Okta's side: keep-alive connections, enough of them for 8 clients.
var client = &http.Client{Timeout: 60 * time.Second,
	Transport: &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64, DisableCompression: true}}

// call sends one SCIM request with the provisioning token and returns the status,
// the body and how long the round trip took, the body included.
func call(method, url, token string, body []byte) (int, []byte, time.Duration, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return 0, nil, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/scim+json")
	if body != nil {
		req.Header.Set("Content-Type", "application/scim+json; charset=utf-8")
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, time.Since(start), err
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, data, time.Since(start), err
}
