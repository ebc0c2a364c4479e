package bootstrap

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"harriet/adapters/boltstore"
	"harriet/core"
)

// run runs the command line in process and returns the exit code, stdout and stderr.
func run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, envOf(env), &out, &errb)
	return code, out.String(), errb.String()
}

func TestVersion(t *testing.T) {
	code, out, _ := run(t, nil, "version")
	if code != 0 || out != "harriet dev (unknown)\n" {
		t.Fatalf("%d %q", code, out)
	}
	old, oldC := Version, Commit
	Version, Commit = "1.2.3", "abc1234"
	defer func() { Version, Commit = old, oldC }()
	if _, out, _ := run(t, nil, "version"); out != "harriet 1.2.3 (abc1234)\n" {
		t.Fatalf("%q", out)
	}
}

func TestUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{nil, nil, "no command"},
		{[]string{"frobnicate"}, nil, `unknown command "frobnicate"`},
		{[]string{"version", "extra"}, nil, "no arguments"},
		{[]string{"bootstrap", "--company", "acme"}, nil, "--name, --owner-email are required"},
		{[]string{"bootstrap", "--nope"}, nil, "flag provided but not defined"},
		{[]string{"bootstrap", "acme"}, nil, `unexpected argument "acme"`},
		{[]string{"token"}, nil, "harriet token create"},
		{[]string{"token", "create", "--company", "acme", "--user", "a@acme.com"}, nil, "--name is required"},
		{[]string{"token", "create", "--company", "acme", "--user", "a@acme.com", "--name", "x", "--scope", "admin"}, nil, "--scope is personal or scim"},
		{[]string{"integration", "sso-only", "--company", "acme"}, nil, "give --off"},
		{[]string{"integration", "enable"}, nil, "harriet integration sso-only"},
		{[]string{"serve", "--scim-rate", "x"}, nil, "bad setting --scim-rate"},
		{[]string{"migrate"}, map[string]string{"HARRIET_MIGRATE": "never"}, "bad setting HARRIET_MIGRATE"},
	}
	for _, c := range cases {
		code, out, errs := run(t, c.env, c.args...)
		lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
		if code != 2 || out != "" || len(lines) != 1 || !strings.Contains(errs, c.want) || !strings.HasPrefix(errs, "harriet") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", c.args, code, out, errs, c.want)
		}
	}
}

func TestHelp(t *testing.T) {
	if code, out, _ := run(t, nil, "help"); code != 0 || !strings.Contains(out, "token create") {
		t.Fatalf("%d %s", code, out)
	}
	if code, out, _ := run(t, nil, "bootstrap", "-h"); code != 0 || !strings.Contains(out, "-owner-email") || !strings.Contains(out, "HARRIET_STORE") {
		t.Fatalf("%d %s", code, out)
	}
}

func TestBootstrapAndTokenCommands(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	env := map[string]string{"HARRIET_STORE": "bbolt:" + filepath.Join(dir, "h.db"), "HARRIET_LOG_FORMAT": "json"}

	code, out, errs := run(t, env, "bootstrap", "--company", "acme", "--name", "Acme Inc", "--owner-email", "jane.q.doe@acme.com")
	if code != 0 || strings.Count(out, "\n") != 1 {
		t.Fatalf("bootstrap: %d %q %q", code, out, errs)
	}
	var res map[string]string
	if err := json.Unmarshal([]byte(out), &res); err != nil || res["company"] != "acme" || res["owner_id"] == "" || len(res["password"]) < 20 || len(res) != 3 {
		t.Fatalf("bootstrap output %q", out)
	}

	pw := filepath.Join(dir, "pw")
	if err := os.WriteFile(pw, []byte("correct horse battery\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ = run(t, env, "bootstrap", "--company", "globex", "--name", "Globex", "--owner-email", "hank@globex.com",
		"--owner-name", "Hank Scorpio Sr", "--owner-password-file", pw)
	var res2 map[string]string
	if code != 0 || json.Unmarshal([]byte(out), &res2) != nil || res2["password"] != "" || len(res2) != 2 {
		t.Fatalf("bootstrap with a password file: %d %q", code, out)
	}

	code, out, errs = run(t, env, "bootstrap", "--company", "acme", "--name", "Again", "--owner-email", "x@acme.com")
	if code != 1 || out != "" || !strings.Contains(errs, `"acme" already exists`) || strings.Count(errs, "\n") != 1 {
		t.Fatalf("existing slug: %d %q %q", code, out, errs)
	}

	code, out, errs = run(t, env, "token", "create", "--company", "acme", "--user", "JANE.Q.DOE@acme.com", "--name", "Okta", "--scope", "scim")
	token := strings.TrimSuffix(out, "\n")
	if code != 0 || !core.WellFormedToken(token) || strings.Contains(token, "\n") {
		t.Fatalf("token create: %d %q %q", code, out, errs)
	}
	code, _, errs = run(t, env, "token", "create", "--company", "acme", "--user", "nobody@acme.com", "--name", "x")
	if code != 1 || !strings.Contains(errs, "No user") {
		t.Fatalf("unknown user: %d %q", code, errs)
	}
	code, _, errs = run(t, env, "integration", "sso-only", "--company", "acme", "--off")
	if code != 1 || !strings.Contains(errs, "no Okta integration") {
		t.Fatalf("sso-only without an integration: %d %q", code, errs)
	}

	// the stored state
	db, err := boltstore.Open(filepath.Join(dir, "h.db"), boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	acme, err := db.Companies().BySlug(ctx, "acme")
	if err != nil || acme.Name != "Acme Inc" || acme.PrimaryOwnerID != res["owner_id"] {
		t.Fatalf("company: %+v %v", acme, err)
	}
	owner, _ := db.Users().Get(ctx, acme.ID, res["owner_id"])
	if owner.Name.GivenName != "Jane" || owner.Name.FamilyName != "Doe" || len(owner.DirectRoles) != 1 || owner.DirectRoles[0] != core.RoleOwner {
		t.Fatalf("owner: %+v", owner)
	}
	globex, _ := db.Companies().BySlug(ctx, "globex")
	hank, _ := db.Users().Get(ctx, globex.ID, res2["owner_id"])
	if hank.Name.GivenName != "Hank" || hank.Name.FamilyName != "Scorpio Sr" {
		t.Fatalf("--owner-name: %+v", hank.Name)
	}
	tok, err := db.Tokens().ByHash(ctx, core.HashToken(token))
	if err != nil || tok.Scope != core.ScopeSCIM || tok.CreatedBy != owner.ID || tok.CompanyID != acme.ID {
		t.Fatalf("token: %+v %v", tok, err)
	}
	entries, _ := db.Audit().List(ctx, acme.ID, portsAuditAll())
	var actions []string
	for _, e := range entries {
		if e.Actor.Kind != core.ActorOperator {
			t.Fatalf("audit actor %+v", e.Actor)
		}
		actions = append(actions, e.Action)
	}
	if !strings.Contains(strings.Join(actions, ","), "token.create") || !strings.Contains(strings.Join(actions, ","), "company.bootstrap") {
		t.Fatalf("audit: %v", actions)
	}
}

func TestMigrateCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	store := "bbolt:" + filepath.Join(dir, "h.db")
	code, out, errs := run(t, map[string]string{"HARRIET_MIGRATE": "off"}, "migrate", "--store", store)
	if code != 0 || !strings.Contains(out, "up to date (version 1; it was at version 0)") {
		t.Fatalf("migrate: %d %q %q", code, out, errs)
	}
	if code, out, _ := run(t, nil, "migrate", "--store", store); code != 0 || !strings.Contains(out, "up to date (version 1).") {
		t.Fatalf("a second migrate is not a no-op: %d %q", code, out)
	}
	// other commands refuse an older schema with --migrate off
	fresh := "bbolt:" + filepath.Join(dir, "fresh.db")
	code, _, errs = run(t, nil, "bootstrap", "--store", fresh, "--migrate", "off", "--company", "a", "--name", "A", "--owner-email", "a@a.com")
	if code != 1 || !strings.Contains(errs, "harriet migrate") {
		t.Fatalf("bootstrap on an older schema: %d %q", code, errs)
	}
}

func TestKeyRequiredAndKeyMismatch(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	if code, _, errs := run(t, nil, "migrate", "--store", "bbolt:"+db); code != 0 {
		t.Fatal(errs)
	}
	if err := os.Rename(db+".key", filepath.Join(dir, "moved.key")); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, nil, "migrate", "--store", "bbolt:"+db)
	if code != 1 || !strings.Contains(errs, "key file") {
		t.Fatalf("database without its key: %d %q", code, errs)
	}
	code, _, errs = run(t, map[string]string{"HARRIET_SECRET_KEY_FILE": filepath.Join(dir, "moved.key")}, "migrate", "--store", "bbolt:"+db)
	if code != 0 {
		t.Fatalf("key from HARRIET_SECRET_KEY_FILE: %d %q", code, errs)
	}
	code, _, errs = run(t, map[string]string{"HARRIET_SECRET_KEY": "dG9vIHNob3J0"}, "migrate", "--store", "bbolt:"+db)
	if code != 2 || !strings.Contains(errs, "HARRIET_SECRET_KEY") || strings.Contains(errs, "dG9vIHNob3J0") {
		t.Fatalf("bad inline key: %d %q", code, errs)
	}
}

func TestMySQLNeedsTheKey(t *testing.T) {
	dsn := "mysql:harriet:hunter2@tcp(127.0.0.1:1)/harriet"
	code, _, errs := run(t, nil, "migrate", "--store", dsn)
	if code != 2 || !strings.Contains(errs, "HARRIET_SECRET_KEY") || strings.Contains(errs, "hunter2") || strings.Count(errs, "\n") != 1 {
		t.Fatalf("no key on MySQL: %d %q", code, errs)
	}
	if hint := bootstrapHint(Config{Store: dsn}); strings.Contains(hint, "hunter2") || !strings.Contains(hint, "same HARRIET_STORE") {
		t.Fatalf("hint: %s", hint)
	}
}
