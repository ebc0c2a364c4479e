package bootstrap

import (
	"strings"
	"testing"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestDefaults(t *testing.T) {
	c, err := LoadConfig(nil, envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Addr: "127.0.0.1:8080", Store: "bbolt:harriet.db", PublicURL: "http://127.0.0.1:8080",
		Migrate: MigrateAuto, SCIMRate: 50, AuthFailLimit: 60}
	if c.Addr != want.Addr || c.Store != want.Store || c.PublicURL != want.PublicURL || c.Migrate != want.Migrate ||
		c.SCIMRate != want.SCIMRate || c.AuthFailLimit != want.AuthFailLimit || c.AllowInsecureIdP ||
		len(c.TrustedProxies) != 0 || c.LogFormat != "" || c.SecretKeyFile != "" || c.SecretKey != "" {
		t.Fatalf("defaults: %+v", c)
	}
	if d := DefaultConfig(); d.Addr != c.Addr || d.SCIMRate != c.SCIMRate || d.PublicURL != c.PublicURL {
		t.Fatalf("DefaultConfig differs from the parsed defaults: %+v", d)
	}
}

func TestFlagBeatsEnv(t *testing.T) {
	env := envOf(map[string]string{
		"HARRIET_ADDR": "0.0.0.0:9000", "HARRIET_STORE": "bbolt:/env.db", "HARRIET_PUBLIC_URL": "https://env.example.com",
		"HARRIET_SECRET_KEY_FILE": "/env.key", "HARRIET_MIGRATE": "off", "HARRIET_ALLOW_INSECURE_IDP": "1",
		"HARRIET_TRUSTED_PROXIES": "10.0.0.0/8", "HARRIET_SCIM_RATE": "7", "HARRIET_AUTH_FAIL_LIMIT": "9",
		"HARRIET_LOG_FORMAT": "json",
	})
	c, err := LoadConfig(nil, env)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "0.0.0.0:9000" || c.Store != "bbolt:/env.db" || c.PublicURL != "https://env.example.com" ||
		c.SecretKeyFile != "/env.key" || c.Migrate != MigrateOff || !c.AllowInsecureIdP || len(c.TrustedProxies) != 1 ||
		c.SCIMRate != 7 || c.AuthFailLimit != 9 || c.LogFormat != LogJSON {
		t.Fatalf("from env: %+v", c)
	}
	c, err = LoadConfig([]string{"--addr", ":7000", "--store", "bbolt:/flag.db", "--public-url", "https://Flag.Example.com:8443/",
		"--secret-key-file", "/flag.key", "--migrate", "auto", "--allow-insecure-idp=false", "--trusted-proxies", "192.168.0.0/16,10.1.0.0/16",
		"--scim-rate", "0.5", "--auth-fail-limit", "0", "--log-format", "text"}, env)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":7000" || c.Store != "bbolt:/flag.db" || c.PublicURL != "https://flag.example.com:8443" ||
		c.SecretKeyFile != "/flag.key" || c.Migrate != MigrateAuto || c.AllowInsecureIdP || len(c.TrustedProxies) != 2 ||
		c.SCIMRate != 0.5 || c.AuthFailLimit != 0 || c.LogFormat != LogText {
		t.Fatalf("flags should win: %+v", c)
	}
	c, err = LoadConfig([]string{"--allow-insecure-idp"}, envOf(map[string]string{"HARRIET_ALLOW_INSECURE_IDP": "false"}))
	if err != nil || !c.AllowInsecureIdP {
		t.Fatalf("bare bool flag: %+v %v", c, err)
	}
}

func TestOnOffValues(t *testing.T) {
	for v, want := range map[string]bool{"1": true, "true": true, "TRUE": true, "0": false, "false": false} {
		c, err := LoadConfig(nil, envOf(map[string]string{"HARRIET_ALLOW_INSECURE_IDP": v}))
		if err != nil || c.AllowInsecureIdP != want {
			t.Errorf("%q: %v %v", v, c.AllowInsecureIdP, err)
		}
	}
}

func TestSecretKeySources(t *testing.T) {
	both := envOf(map[string]string{"HARRIET_SECRET_KEY_FILE": "/k", "HARRIET_SECRET_KEY": "abc"})
	if _, err := LoadConfig(nil, both); err == nil || !strings.Contains(err.Error(), "both set") {
		t.Fatalf("both variables: %v", err)
	}
	c, err := LoadConfig([]string{"--secret-key-file", "/flag.key"}, both)
	if err != nil || c.SecretKeyFile != "/flag.key" || c.SecretKey != "" {
		t.Fatalf("the flag wins over both variables: %+v %v", c, err)
	}
	key := "AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM=" // 32 bytes
	c, err = LoadConfig(nil, envOf(map[string]string{"HARRIET_SECRET_KEY": key}))
	if err != nil || c.SecretKey != key {
		t.Fatalf("inline key: %+v %v", c, err)
	}
	// a key that is not 32 bytes of base64 is a bad setting, refused before anything opens
	for _, bad := range []string{"c2VjcmV0", "short", "not base64 at all!"} {
		_, err := LoadConfig(nil, envOf(map[string]string{"HARRIET_SECRET_KEY": bad}))
		if err == nil || !strings.Contains(err.Error(), "bad setting HARRIET_SECRET_KEY:") || strings.Contains(err.Error(), bad) {
			t.Errorf("inline key %q: %v", bad, err)
		}
	}
}

// Each bad setting stops with one line that names it (the flag or the variable
// that was used) and says what is wrong.
func TestBadSettings(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		name string
		what string
	}{
		{[]string{"--addr", "nonsense"}, nil, "--addr", "listen address"},
		{nil, map[string]string{"HARRIET_ADDR": "host:99999"}, "HARRIET_ADDR", "port"},
		{[]string{"--store", "postgres:x"}, nil, "--store", "bbolt:PATH"},
		{nil, map[string]string{"HARRIET_STORE": "harriet.db"}, "HARRIET_STORE", "bbolt:PATH"},
		{[]string{"--store", "bbolt:"}, nil, "--store", "empty"},
		{[]string{"--public-url", "harriet.example.com"}, nil, "--public-url", "absolute"},
		{[]string{"--public-url", "ftp://x.example.com"}, nil, "--public-url", "https://"},
		{nil, map[string]string{"HARRIET_PUBLIC_URL": "https://x.example.com/harriet"}, "HARRIET_PUBLIC_URL", "path"},
		{[]string{"--public-url", "https://x.example.com?a=b"}, nil, "--public-url", "query"},
		{[]string{"--public-url", "https://user:pw@x.example.com"}, nil, "--public-url", "user name"},
		{[]string{"--migrate", "sometimes"}, nil, "--migrate", "auto nor off"},
		{nil, map[string]string{"HARRIET_ALLOW_INSECURE_IDP": "yes"}, "HARRIET_ALLOW_INSECURE_IDP", "1, true, 0, false"},
		{[]string{"--allow-insecure-idp=maybe"}, nil, "--allow-insecure-idp", "1, true, 0, false"},
		{[]string{"--trusted-proxies", "10.0.0.0/8,office"}, nil, "--trusted-proxies", "office"},
		{[]string{"--scim-rate", "-1"}, nil, "--scim-rate", "requests per second"},
		{nil, map[string]string{"HARRIET_SCIM_RATE": "fast"}, "HARRIET_SCIM_RATE", "requests per second"},
		{[]string{"--auth-fail-limit", "1.5"}, nil, "--auth-fail-limit", "whole number"},
		{nil, map[string]string{"HARRIET_LOG_FORMAT": "xml"}, "HARRIET_LOG_FORMAT", "text nor json"},
		{[]string{"--secret-key-file", ""}, nil, "--secret-key-file", "empty"},
	}
	for _, c := range cases {
		_, err := LoadConfig(c.args, envOf(c.env))
		if err == nil {
			t.Errorf("%v %v: accepted", c.args, c.env)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, "bad setting "+c.name+":") || !strings.Contains(msg, c.what) || strings.Contains(msg, "\n") {
			t.Errorf("%v %v: %q does not name %s and say %q on one line", c.args, c.env, msg, c.name, c.what)
		}
	}
}

func TestStoreMessagesNeverRepeatTheTarget(t *testing.T) {
	_, err := LoadConfig([]string{"--store", "postgres://admin:hunter2@db/harriet"}, envOf(nil))
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("%v", err)
	}
	if d := storeDescription("other:user:pw@tcp(db)/x"); strings.Contains(d, "pw") {
		t.Fatalf("store description holds the DSN: %s", d)
	}
}
