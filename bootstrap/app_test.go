package bootstrap

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"harriet/adapters/httpmw"
	"harriet/core"
	"harriet/core/usecase"
)

func TestAppOperationsEndpoints(t *testing.T) {
	t.Parallel()
	cfg, path := testConfig(t)
	log, logs := testLogger()
	app, err := NewApp(context.Background(), cfg, WithLogger(log))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler)
	defer srv.Close()
	defer app.Close()

	r := call(t, "GET", srv.URL+"/healthz", "", "")
	if r.status != 200 || r.body != "ok\n" || r.header.Get(httpmw.HeaderRequestID) == "" {
		t.Fatalf("healthz: %d %q", r.status, r.body)
	}
	if r := call(t, "GET", srv.URL+"/readyz", "", ""); r.status != 200 || r.json(t)["status"] != "ok" {
		t.Fatalf("readyz: %d %s", r.status, r.body)
	}
	if r := call(t, "GET", srv.URL+"/no/such/thing", "", ""); r.status != 404 || r.json(t)["error"] == nil {
		t.Fatalf("unknown path: %d %s", r.status, r.body)
	}
	m := call(t, "GET", srv.URL+"/metrics", "", "")
	if m.status != 200 || !strings.Contains(m.body, `harriet_http_requests_total{method="GET",route="/healthz",status="2xx"} 1`) ||
		!strings.Contains(m.body, `route="unmatched"`) || strings.Contains(m.body, "/no/such") {
		t.Fatalf("metrics: %d %s", m.status, m.body)
	}
	info, err := os.Stat(path + ".key")
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file beside the database: %v %v", info, err)
	}
	if !strings.Contains(logs.String(), `"route":"/readyz"`) {
		t.Fatalf("requests not logged: %s", logs)
	}
}

// Two servers on one store in one process, each with its own public URL, as two
// nodes on one database: what one writes, the other serves.
func TestTwoAppsOneStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg, path := testConfig(t)
	cfg.AllowInsecureIdP = true
	db := openBoltForTest(t, path)
	log, _ := testLogger()
	var urls [2]string
	var apps [2]*App
	for i := range apps {
		l, url, err := ListenLocal()
		if err != nil {
			t.Fatal(err)
		}
		c := cfg
		c.PublicURL = url
		app, err := NewApp(ctx, c, WithDatabase(db), WithRootKey(testKey(t)), WithLogger(log))
		if err != nil {
			t.Fatal(err)
		}
		srv := &httptest.Server{Listener: l, Config: &http.Server{Handler: app.Handler}}
		srv.Start()
		t.Cleanup(srv.Close)
		apps[i], urls[i] = app, url
	}
	if _, err := apps[0].Service.BootstrapCompany(ctx, usecase.BootstrapInput{Slug: "acme", Name: "Acme Inc", OwnerEmail: "owner@acme.com"}); err != nil {
		t.Fatal(err)
	}
	token, _, err := apps[0].Service.IssueTokenAsOperator(ctx, "acme", "owner@acme.com", "admin", core.ScopePersonal)
	if err != nil {
		t.Fatal(err)
	}
	// a loopback Login Domain on a closed port: saving checks the IdP, and nothing
	// may leave 127.0.0.1
	body := `{"domain":"acme.com","client_id":"0oa1","login_domain":"http://127.0.0.1:1","client_secret":"very-secret-value"}`
	put := call(t, "PUT", urls[1]+"/api/v1/integrations/okta", token, body)
	if put.status != 200 || put.json(t)["redirect_uri"] != urls[1]+"/bots/okta/callback/" {
		t.Fatalf("PUT on the second server: %d %s", put.status, put.body)
	}
	get := call(t, "GET", urls[0]+"/api/v1/integrations/okta", token, "")
	if get.status != 200 || get.json(t)["client_id"] != "0oa1" || get.json(t)["redirect_uri"] != urls[0]+"/bots/okta/callback/" {
		t.Fatalf("GET on the first server: %d %s", get.status, get.body)
	}
	c, _ := db.Companies().BySlug(ctx, "acme")
	in, err := db.Integrations().Get(ctx, c.ID)
	if err != nil || bytes.Contains(in.SecretSealed, []byte("very-secret-value")) {
		t.Fatalf("stored integration: %v", err)
	}
	if plain, err := apps[0].Service.Secrets.Open(c.ID, in.SecretSealed); err != nil || string(plain) != "very-secret-value" {
		t.Fatalf("the other server's box does not open the secret: %v", err)
	}
	if strings.Contains(get.body+put.body, "very-secret-value") {
		t.Fatal("the secret came back")
	}
}

func TestMigrateOffServesUnavailableUntilMigrated(t *testing.T) {
	old := schemaRecheck
	schemaRecheck = 0
	defer func() { schemaRecheck = old }()
	cfg, _ := testConfig(t)
	cfg.Migrate = MigrateOff
	log, _ := testLogger()
	app, err := NewApp(context.Background(), cfg, WithLogger(log))
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	srv := httptest.NewServer(app.Handler)
	defer srv.Close()

	r := call(t, "GET", srv.URL+"/api/v1/me", "", "")
	if r.status != 503 || r.header.Get("Retry-After") == "" {
		t.Fatalf("older schema: %d %v", r.status, r.header)
	}
	if e := r.json(t)["error"].(map[string]any); e["code"] != "unavailable" || !strings.Contains(e["message"].(string), "harriet migrate") {
		t.Fatalf("older schema body: %s", r.body)
	}
	if r := call(t, "GET", srv.URL+"/scim/v2/Users", "", ""); r.status != 503 || !strings.Contains(r.body, `"status":"503"`) {
		t.Fatalf("SCIM on an older schema: %d %s", r.status, r.body)
	}
	if r := call(t, "GET", srv.URL+"/healthz", "", ""); r.status != 200 {
		t.Fatalf("healthz: %d", r.status)
	}
	rz := call(t, "GET", srv.URL+"/readyz", "", "")
	if rz.status != 503 || !strings.Contains(rz.json(t)["reason"].(string), "version 0") {
		t.Fatalf("readyz: %d %s", rz.status, rz.body)
	}
	if err := app.DB.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := call(t, "GET", srv.URL+"/readyz", "", ""); r.status != 200 {
		t.Fatalf("readyz after migrate: %d %s", r.status, r.body)
	}
	if r := call(t, "GET", srv.URL+"/api/v1/me", "", ""); r.status != 401 {
		t.Fatalf("after migrate: %d %s", r.status, r.body)
	}
}

// setSchemaVersion writes a schema version into a bbolt file, as a newer binary would.
func setSchemaVersion(t *testing.T, path, version string) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("meta"))
		if err != nil {
			return err
		}
		return b.Put([]byte("schema_version"), []byte(version))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNewerSchemaStopsTheStart(t *testing.T) {
	cfg, path := testConfig(t)
	if code := Run(context.Background(), []string{"migrate", "--store", cfg.Store}, envOf(nil), &bytes.Buffer{}, &bytes.Buffer{}); code != 0 {
		t.Fatalf("migrate: %d", code)
	}
	setSchemaVersion(t, path, "99")
	for _, mode := range []string{MigrateAuto, MigrateOff} {
		cfg.Migrate = mode
		log, _ := testLogger()
		if _, err := NewApp(context.Background(), cfg, WithLogger(log)); err == nil || !strings.Contains(err.Error(), "newer") {
			t.Fatalf("--migrate %s: %v", mode, err)
		}
	}
	var stderr bytes.Buffer
	code := Run(context.Background(), []string{"serve", "--store", cfg.Store, "--addr", "127.0.0.1:0", "--log-format", "json"}, envOf(nil), &bytes.Buffer{}, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), "harriet serve: ") || !strings.Contains(stderr.String(), "newer harriet") {
		t.Fatalf("serve: %d %s", code, stderr.String())
	}
}

func TestAuthFailLimitBehindTrustedProxy(t *testing.T) {
	t.Parallel()
	cfg, _ := testConfig(t)
	cfg.AuthFailLimit = 2
	tp, _ := httpmw.ParseTrustedProxies("127.0.0.1")
	cfg.TrustedProxies = tp
	log, logs := testLogger()
	app, err := NewApp(context.Background(), cfg, WithLogger(log))
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	srv := httptest.NewServer(app.Handler)
	defer srv.Close()
	bad := "hrt_notarealtokenatall"
	for i := 0; i < 2; i++ {
		if r := call(t, "GET", srv.URL+"/api/v1/me", bad, "", "X-Forwarded-For", "203.0.113.1"); r.status != 401 {
			t.Fatalf("failure %d: %d", i, r.status)
		}
	}
	r := call(t, "GET", srv.URL+"/api/v1/me", bad, "", "X-Forwarded-For", "203.0.113.1")
	if r.status != 429 || r.header.Get("Retry-After") == "" || r.json(t)["error"].(map[string]any)["code"] != "rate_limited" {
		t.Fatalf("over the limit: %d %s", r.status, r.body)
	}
	if r := call(t, "GET", srv.URL+"/api/v1/me", bad, "", "X-Forwarded-For", "203.0.113.2"); r.status != 401 {
		t.Fatalf("another client behind the proxy: %d", r.status)
	}
	// Over the limit, SCIM answers junk with a SCIM 429, and a real token still works.
	r = call(t, "GET", srv.URL+"/scim/v2/Users", bad, "", "X-Forwarded-For", "203.0.113.1")
	if r.status != 429 || r.header.Get("Retry-After") == "" || !strings.Contains(r.body, "urn:ietf:params:scim:api:messages:2.0:Error") {
		t.Fatalf("SCIM over the limit: %d %s", r.status, r.body)
	}
	if _, err := app.Service.BootstrapCompany(context.Background(), usecase.BootstrapInput{Slug: "acme", Name: "Acme", OwnerEmail: "o@acme.com"}); err != nil {
		t.Fatal(err)
	}
	good, _, err := app.Service.IssueTokenAsOperator(context.Background(), "acme", "o@acme.com", "t", core.ScopePersonal)
	if err != nil {
		t.Fatal(err)
	}
	if r := call(t, "GET", srv.URL+"/api/v1/me", good, "", "X-Forwarded-For", "203.0.113.1"); r.status != 200 {
		t.Fatalf("a real token from a client over the limit: %d %s", r.status, r.body)
	}
	if strings.Contains(logs.String(), bad) {
		t.Fatal("a presented token reached the logs")
	}
	if !strings.Contains(logs.String(), `"client_ip":"203.0.113.1"`) {
		t.Fatal("the client IP behind the trusted proxy is not logged")
	}
}

func TestEmptyStoreLogsHowToBootstrap(t *testing.T) {
	t.Parallel()
	cfg, path := testConfig(t)
	cfg.SecretKeyFile = "/etc/harriet key"
	want := "harriet bootstrap --store bbolt:" + path + ` --secret-key-file '/etc/harriet key' --company acme --name "Acme Inc" --owner-email you@acme.com`
	if got := bootstrapHint(cfg); !strings.Contains(got, want) || !strings.Contains(got, "Stop this server") {
		t.Fatalf("hint: %s", got)
	}
	cfg.SecretKeyFile = ""
	log, logs := testLogger()
	app, err := NewApp(context.Background(), cfg, WithLogger(log))
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	app.hintBootstrap(context.Background())
	if !strings.Contains(logs.String(), "harriet bootstrap --store bbolt:"+path+" --company") {
		t.Fatalf("no hint logged: %s", logs)
	}
	if _, err := app.Service.BootstrapCompany(context.Background(), usecase.BootstrapInput{Slug: "acme", Name: "Acme", OwnerEmail: "o@acme.com"}); err != nil {
		t.Fatal(err)
	}
	before := logs.String()
	app.hintBootstrap(context.Background())
	if logs.String() != before {
		t.Fatal("hint logged although a company exists")
	}
}
