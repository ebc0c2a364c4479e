package bootstrap

import (
	"bufio"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"harriet/adapters/boltstore"
	"harriet/adapters/keys"
	"harriet/core"
	"harriet/ports"
)

// serveRunning runs `harriet serve` in process until the returned stop is called
// (as a signal would stop it), and returns its base URL.
func serveRunning(t *testing.T, env map[string]string, args ...string) (string, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), envOf(env), &out, &errb)
	}()
	stop := func() int { cancel(); return <-done }
	deadline := time.After(30 * time.Second)
	for {
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve stopped with %d: %s", code, errb.String())
		case <-deadline:
			stop()
			t.Fatalf("serve did not start: %s", errb.String())
		case <-time.After(10 * time.Millisecond):
			sc := bufio.NewScanner(strings.NewReader(errb.String()))
			for sc.Scan() {
				var m map[string]any
				if json.Unmarshal(sc.Bytes(), &m) == nil && m["msg"] == "harriet is serving" {
					return "http://" + m["addr"].(string), stop
				}
			}
		}
	}
}

// The secret key is lost: serve refuses the new key and names the way out; the
// operator clears the company's secret with the new key; serve starts; the admin
// sees no secret saved and SSO-only off, and must give the secret to save again.
func TestForgetSecretLetsServeStartWithANewKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	env := map[string]string{"HARRIET_STORE": "bbolt:" + db, "HARRIET_LOG_FORMAT": "json", "HARRIET_ALLOW_INSECURE_IDP": "1"}
	for _, slug := range []string{"acme", "globex"} { // globex has no integration
		if code, _, errs := run(t, env, "bootstrap", "--company", slug, "--name", slug, "--owner-email", "owner@"+slug+".com"); code != 0 {
			t.Fatalf("bootstrap %s: %s", slug, errs)
		}
	}
	code, out, errs := run(t, env, "token", "create", "--company", "acme", "--user", "owner@acme.com", "--name", "admin")
	if code != 0 {
		t.Fatalf("token create: %s", errs)
	}
	token := strings.TrimSpace(out)
	okta := "/api/v1/integrations/okta"
	// a loopback Login Domain on a closed port: nothing may leave 127.0.0.1
	fields := `"domain":"acme.com","client_id":"0oa1","login_domain":"http://127.0.0.1:1"`

	url, stop := serveRunning(t, env)
	put := call(t, "PUT", url+okta, token, `{`+fields+`,"client_secret":"first-secret","sso_only":true}`)
	if stop(); put.status != 200 || put.json(t)["client_secret_set"] != true || put.json(t)["sso_only"] != true {
		t.Fatalf("first save: %d %s", put.status, put.body)
	}

	// the key is lost: a new one is refused, with the way out
	newKey := filepath.Join(dir, "new.key")
	newRoot, err := keys.CreateFile(newKey)
	if err != nil {
		t.Fatal(err)
	}
	code, errs = serveStart(t, env, "--addr", "127.0.0.1:0", "--secret-key-file", newKey)
	if code != exitRuntime || strings.Count(errs, "\n") != 1 ||
		!strings.Contains(errs, "run `harriet integration forget-secret --company SLUG` for acme and re-enter the Okta client secret") {
		t.Fatalf("serve with a new key: exit %d: %q", code, errs)
	}

	code, out, errs = run(t, env, "integration", "forget-secret", "--company", "nope", "--secret-key-file", newKey)
	if code != exitRuntime || !strings.Contains(errs, `"nope"`) {
		t.Fatalf("forget-secret for an unknown company: %d %q", code, errs)
	}
	code, out, errs = run(t, env, "integration", "forget-secret", "--company", "globex", "--secret-key-file", newKey)
	if code != exitRuntime || !strings.Contains(errs, "no Okta integration") {
		t.Fatalf("forget-secret without an integration: %d %q", code, errs)
	}
	code, out, errs = run(t, env, "integration", "forget-secret", "--company", "acme", "--secret-key-file", newKey)
	if code != exitOK || !strings.Contains(out, "secret of acme was cleared, and SSO-only is now off") ||
		!strings.Contains(out, "cannot work without the secret") || !strings.Contains(out, "re-enters the Secret key") {
		t.Fatalf("forget-secret: %d %q %q", code, out, errs)
	}

	url, stop = serveRunning(t, env, "--secret-key-file", newKey)
	get := call(t, "GET", url+okta, token, "")
	g := get.json(t)
	if get.status != 200 || g["client_secret_set"] != false || g["sso_only"] != false || g["domain"] != "acme.com" ||
		g["client_id"] != "0oa1" || g["login_domain"] != "http://127.0.0.1:1" {
		stop()
		t.Fatalf("the integration after forget-secret: %d %s", get.status, get.body)
	}
	refused := call(t, "PUT", url+okta, token, `{`+fields+`,"sso_only":true}`)
	saved := call(t, "PUT", url+okta, token, `{`+fields+`,"client_secret":"second-secret","sso_only":true}`)
	stop()
	if refused.status != 400 || !strings.Contains(refused.body, "client_secret") || !strings.Contains(refused.body, `"invalid"`) {
		t.Fatalf("a save without the secret: %d %s", refused.status, refused.body)
	}
	if saved.status != 200 || saved.json(t)["client_secret_set"] != true || saved.json(t)["sso_only"] != true {
		t.Fatalf("a save with the secret: %d %s", saved.status, saved.body)
	}

	// the store: the new secret under the new key, and the operator's audit entry
	store, err := boltstore.Open(db, boltstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	acme, _ := store.Companies().BySlug(ctx, "acme")
	in, err := store.Integrations().Get(ctx, acme.ID)
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := secretBox(t, newRoot).Open(acme.ID, in.SecretSealed); err != nil || string(plain) != "second-secret" {
		t.Fatalf("the saved secret under the new key: %v", err)
	}
	entries, err := store.Audit().List(ctx, acme.ID, ports.AuditQuery{Action: "integration.forget_secret", Limit: 10})
	if err != nil || len(entries) != 1 || entries[0].Actor.Kind != core.ActorOperator ||
		entries[0].Details["secret_was_set"] != true || entries[0].Details["sso_only_was"] != true {
		t.Fatalf("audit: %+v %v", entries, err)
	}
	if b, _ := json.Marshal(entries); strings.Contains(string(b)+out+errs, "first-secret") {
		t.Fatal("the secret reached the audit log or the output")
	}
}

func TestForgetSecretUsage(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"integration", "forget-secret"}, "--company is required"},
		{[]string{"integration", "forget-secret", "acme"}, `unexpected argument "acme"`},
		{[]string{"integration"}, "`harriet integration sso-only` and `harriet integration forget-secret`"},
	}
	for _, c := range cases {
		code, out, errs := run(t, nil, c.args...)
		if code != exitUsage || out != "" || !strings.Contains(errs, c.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, out, errs, c.want)
		}
	}
	if code, out, _ := run(t, nil, "help"); code != 0 || !strings.Contains(out, "integration forget-secret --company SLUG") {
		t.Fatalf("help: %d %s", code, out)
	}
	if code, out, _ := run(t, nil, "integration", "forget-secret", "-h"); code != 0 || !strings.Contains(out, "-company") {
		t.Fatalf("-h: %d %s", code, out)
	}
}
