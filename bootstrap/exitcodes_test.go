package bootstrap

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// wantOneLine checks an exit code and that stderr is one line, from the command,
// holding every text of want.
func wantOneLine(t *testing.T, what string, code, wantCode int, stdout, stderr string, want ...string) {
	t.Helper()
	ok := code == wantCode && stdout == "" && strings.Count(stderr, "\n") == 1 && strings.HasPrefix(stderr, "harriet ")
	for _, w := range want {
		ok = ok && strings.Contains(stderr, w)
	}
	if !ok {
		t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit %d and one line with %q", what, code, stdout, stderr, wantCode, want)
	}
}

// A value the operator typed that the product refuses is a usage error (exit 2)
// naming the flag or variable, like a flag that does not parse; nothing is made.
func TestInvalidValuesAreUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	env := map[string]string{"HARRIET_STORE": "bbolt:" + db, "HARRIET_LOG_FORMAT": "json"}
	boot := func(args ...string) []string {
		base := map[string]string{"--company": "acme", "--name": "Acme Inc", "--owner-email": "it@acme.com"}
		for i := 0; i+1 < len(args); i += 2 {
			base[args[i]] = args[i+1]
		}
		out := []string{"bootstrap"}
		for k, v := range base {
			out = append(out, k, v)
		}
		return out
	}
	cases := []struct {
		what string
		env  map[string]string
		args []string
		want []string
	}{
		{"a slug with capitals and spaces", env, boot("--company", "Bad Slug!"), []string{"--company: ", `"Bad Slug!"`}},
		{"an owner email that is not one", env, boot("--owner-email", "notanemail"), []string{"--owner-email: ", "not an email address"}},
		{"a company name with a tab", env, boot("--name", "Acme\tInc"), []string{"--name: ", "control character"}},
		{"an owner name with a NUL", env, boot("--owner-name", "Ada\x00 Lovelace"), []string{"--owner-name: ", "control character"}},
		{"a key that is not 32 bytes", map[string]string{"HARRIET_STORE": "bbolt:" + db, "HARRIET_SECRET_KEY": "short"},
			[]string{"migrate"}, []string{"bad setting HARRIET_SECRET_KEY:"}},
		{"a MySQL DSN that does not parse", map[string]string{"HARRIET_SECRET_KEY": "AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM="},
			[]string{"migrate", "--store", "mysql:no-database-here"}, []string{"bad setting --store: ", "DSN"}},
	}
	for _, c := range cases {
		code, out, errs := run(t, c.env, c.args...)
		wantOneLine(t, c.what, code, exitUsage, out, errs, c.want...)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatalf("a refused command made the store: %v", err)
	}
	if code, out, errs := run(t, env, boot()...); code != exitOK {
		t.Fatalf("bootstrap: %d %s %s", code, out, errs)
	}
	code, out, errs := run(t, env, "token", "create", "--company", "acme", "--user", "it@acme.com", "--name", strings.Repeat("x", 101))
	wantOneLine(t, "a token name too long", code, exitUsage, out, errs, "--name: ", "at most 100")
	code, out, errs = run(t, env, "token", "create", "--company", "acme", "--user", "it@acme.com", "--name", "Okta\x01prod")
	wantOneLine(t, "a token name with a control character", code, exitUsage, out, errs, "--name: ", "control character")
	// what is refused after looking in the store stays a runtime error
	code, out, errs = run(t, env, "token", "create", "--company", "globex", "--user", "it@acme.com", "--name", "x")
	wantOneLine(t, "an unknown company", code, exitRuntime, out, errs, `No company with the slug "globex"`)
}

// A bbolt file in a directory that does not exist is named by the setting that
// gave it, before any key file is made, and never blamed on the secret key.
func TestStoreInAMissingDirectory(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "nonexistent", "dir")
	store := "bbolt:" + filepath.Join(missing, "x.db")
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
	}{
		{"--store", nil, []string{"migrate", "--store", store}},
		{"HARRIET_STORE", map[string]string{"HARRIET_STORE": store}, []string{"bootstrap", "--company", "a", "--name", "A", "--owner-email", "a@a.com"}},
		{"--store", nil, []string{"serve", "--addr", "127.0.0.1:0", "--store", store}},
	} {
		code, out, errs := run(t, c.env, c.args...)
		wantOneLine(t, strings.Join(c.args, " "), code, exitRuntime, out, errs,
			"bad setting "+c.name+": the directory "+missing+" does not exist")
		if strings.Contains(errs, "secret key") {
			t.Errorf("%v: blamed on the key: %s", c.args, errs)
		}
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, nil, "migrate", "--store", "bbolt:"+filepath.Join(file, "x.db"))
	wantOneLine(t, "a file where the directory should be", code, exitRuntime, out, errs, "bad setting --store: "+file+" is not a directory")
	dir := t.TempDir()
	code, out, errs = run(t, nil, "serve", "--addr", "127.0.0.1:0", "--store", "bbolt:"+dir)
	wantOneLine(t, "a directory as the database", code, exitRuntime, out, errs, "bad setting --store: "+dir+" is a directory; give the path of the database file in it")
}

// A key file that cannot be read is named by the setting that gave it.
func TestKeyFileThatCannotBeRead(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	store, missing := "bbolt:"+filepath.Join(dir, "h.db"), filepath.Join(dir, "nope.key")
	code, out, errs := run(t, nil, "migrate", "--store", store, "--secret-key-file", missing)
	wantOneLine(t, "--secret-key-file", code, exitRuntime, out, errs, "bad setting --secret-key-file: ", missing)
	code, out, errs = run(t, map[string]string{"HARRIET_SECRET_KEY_FILE": missing}, "migrate", "--store", store)
	wantOneLine(t, "HARRIET_SECRET_KEY_FILE", code, exitRuntime, out, errs, "bad setting HARRIET_SECRET_KEY_FILE: ", missing)
}

// The Owner's password file holds a password of at least 12 characters that is
// not only white space; a refused one names --owner-password-file, makes nothing,
// and is never repeated.
func TestOwnerPasswordFileRules(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	env := map[string]string{"HARRIET_STORE": "bbolt:" + db, "HARRIET_LOG_FORMAT": "json"}
	for _, c := range []struct{ content, want string }{
		{"x", "1 characters long; passwords must have at least 12"},
		{"hunter2\n", "7 characters long"},
		{"            \n", "only white space"},
	} {
		pw := filepath.Join(dir, "pw")
		if err := os.WriteFile(pw, []byte(c.content), 0o600); err != nil {
			t.Fatal(err)
		}
		code, out, errs := run(t, env, "bootstrap", "--company", "acme", "--name", "Acme", "--owner-email", "it@acme.com", "--owner-password-file", pw)
		wantOneLine(t, "password file "+c.content, code, exitUsage, out, errs, "--owner-password-file: ", c.want)
		if strings.TrimSpace(c.content) != "" && strings.Contains(errs, strings.TrimSpace(c.content)) {
			t.Errorf("the password reached the message: %q", errs)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatalf("a refused password made the store: %v", err)
	}
}
