// Package bootstrap is the one place that knows every adapter: it reads the
// settings (flags and HARRIET_* variables), opens the store chosen by its URL
// scheme, derives the keys, wires the use cases to the HTTP adapters behind the
// shared middleware, and runs the `harriet` commands.
package bootstrap

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/url"
	"strconv"
	"strings"

	"harriet/adapters/httpmw"
)

// Migrate modes (--migrate).
const (
	MigrateAuto = "auto" // migrate at start
	MigrateOff  = "off"  // never migrate; serve answers 503 on an older schema
)

// Log formats (--log-format). Empty means text on a terminal, else JSON.
const (
	LogText = "text"
	LogJSON = "json"
)

// Config holds every setting of SPEC.md's table, validated.
type Config struct {
	Addr             string // --addr: listen address
	Store            string // --store: bbolt:PATH or mysql:DSN
	PublicURL        string // --public-url: origin users and Okta see, without a trailing slash
	SecretKeyFile    string // --secret-key-file / HARRIET_SECRET_KEY_FILE
	SecretKey        string // HARRIET_SECRET_KEY (base64 of 32 bytes); environment only, never a flag
	Migrate          string // --migrate: MigrateAuto or MigrateOff
	AllowInsecureIdP bool   // --allow-insecure-idp
	TrustedProxies   httpmw.TrustedProxies
	SCIMRate         float64 // --scim-rate: SCIM requests per second per company per node; 0 = no limit
	AuthFailLimit    int     // --auth-fail-limit: failed authentications per minute per IP; 0 = no limit
	LogFormat        string  // --log-format: LogText, LogJSON or "" (text on a terminal, else JSON)

	// from names how each setting was given (its flag, its variable, or "default
	// of --flag"), by flag name, so a problem found after parsing (a store directory
	// that does not exist, a key that does not open the store's secrets) names the
	// setting the operator used. Empty for a Config built in code: then the flag.
	from map[string]string
}

// settingName is how the setting with this flag was given, for messages.
func (c Config) settingName(flag string) string {
	if name, ok := c.from[flag]; ok {
		return name
	}
	return "--" + flag
}

// DefaultConfig is the configuration with SPEC.md's defaults.
func DefaultConfig() Config {
	var c Config
	for _, s := range settings {
		if err := s.apply(&c, s.def); err != nil {
			panic("bootstrap: bad default for --" + s.flag + ": " + err.Error())
		}
	}
	return c
}

// setting is one row of SPEC.md's table: a flag, its variable, its default, and
// how to read and check a value.
type setting struct {
	flag, env, def, usage string
	isBool                bool
	apply                 func(c *Config, v string) error
}

// settings is SPEC.md's table, in its order.
var settings = []setting{
	{flag: "addr", env: "HARRIET_ADDR", def: "127.0.0.1:8080", usage: "listen address", apply: applyAddr},
	{flag: "store", env: "HARRIET_STORE", def: "bbolt:harriet.db", usage: "bbolt:PATH (embedded, one node) or mysql:DSN (several nodes)", apply: applyStore},
	{flag: "public-url", env: "HARRIET_PUBLIC_URL", def: "http://127.0.0.1:8080", usage: "the origin users and Okta see, like https://harriet.example.com", apply: applyPublicURL},
	{flag: "secret-key-file", env: "HARRIET_SECRET_KEY_FILE", usage: "file holding the root key (or put the key itself, base64, in HARRIET_SECRET_KEY); bbolt default: PATH.key beside the database", apply: func(c *Config, v string) error { c.SecretKeyFile = v; return nil }},
	{flag: "migrate", env: "HARRIET_MIGRATE", def: MigrateAuto, usage: "auto: migrate the schema at start; off: never (an older schema answers 503)", apply: applyMigrate},
	{flag: "allow-insecure-idp", env: "HARRIET_ALLOW_INSECURE_IDP", def: "false", isBool: true, usage: "allow an http://127.0.0.1:PORT or http://localhost:PORT Login Domain (tests and local IdPs only)", apply: applyInsecure},
	{flag: "trusted-proxies", env: "HARRIET_TRUSTED_PROXIES", usage: "comma-separated CIDRs whose X-Forwarded-For is believed", apply: applyProxies},
	{flag: "scim-rate", env: "HARRIET_SCIM_RATE", def: "50", usage: "SCIM requests per second per company on this node, burst 4x (0: no limit)", apply: applySCIMRate},
	{flag: "auth-fail-limit", env: "HARRIET_AUTH_FAIL_LIMIT", def: "60", usage: "failed authentications per minute per client IP before 429 (0: no limit)", apply: applyAuthFail},
	{flag: "log-format", env: "HARRIET_LOG_FORMAT", usage: "text or json (default: text on a terminal, else json)", apply: applyLogFormat},
}

func applyAddr(c *Config, v string) error {
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		return fmt.Errorf("%q is not a listen address like 127.0.0.1:8080 or :8080", v)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%q has no valid port (0 to 65535)", v)
	}
	c.Addr = v
	return nil
}

func applyStore(c *Config, v string) error {
	if _, _, err := parseStore(v); err != nil {
		return err
	}
	c.Store = v
	return nil
}

// applyPublicURL accepts an origin: http or https, a host, an optional port, no
// path (Harriet serves at the root), query, fragment or user; one trailing slash
// is dropped, since the redirect URI is this plus /bots/okta/callback/.
func applyPublicURL(c *Config, v string) error {
	const want = "give an origin like https://harriet.example.com"
	u, err := url.Parse(v)
	if err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "" {
		return fmt.Errorf("%q is not an absolute URL: %s", v, want)
	}
	scheme := strings.ToLower(u.Scheme)
	switch {
	case scheme != "http" && scheme != "https":
		return fmt.Errorf("%q must start with https:// (or http:// for local use)", v)
	case u.User != nil:
		return fmt.Errorf("%q must not hold a user name or password", v)
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.ForceQuery, u.Fragment != "":
		return fmt.Errorf("%q has a path, query or fragment: Harriet serves at the root; %s", v, want)
	}
	if _, port, err := net.SplitHostPort(u.Host); err == nil {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("%q has an invalid port", v)
		}
	}
	c.PublicURL = scheme + "://" + strings.ToLower(u.Host)
	return nil
}

func applyMigrate(c *Config, v string) error {
	switch strings.ToLower(v) {
	case MigrateAuto, MigrateOff:
		c.Migrate = strings.ToLower(v)
		return nil
	}
	return fmt.Errorf("%q is neither auto nor off", v)
}

func applyInsecure(c *Config, v string) error {
	b, err := parseOnOff(v)
	c.AllowInsecureIdP = b
	return err
}

// parseOnOff reads SPEC.md's on/off values: 1, true, 0, false.
func parseOnOff(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true":
		return true, nil
	case "0", "false":
		return false, nil
	}
	return false, fmt.Errorf("%q is not one of 1, true, 0, false", v)
}

func applyProxies(c *Config, v string) error {
	tp, err := httpmw.ParseTrustedProxies(v)
	c.TrustedProxies = tp
	return err
}

func applySCIMRate(c *Config, v string) error {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > 1e6 {
		return fmt.Errorf("%q is not a number of requests per second from 0 (no limit) to 1000000", v)
	}
	c.SCIMRate = f
	return nil
}

func applyAuthFail(c *Config, v string) error {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 || n > 1_000_000 {
		return fmt.Errorf("%q is not a whole number of failures per minute from 0 (no limit) to 1000000", v)
	}
	c.AuthFailLimit = n
	return nil
}

func applyLogFormat(c *Config, v string) error {
	switch strings.ToLower(v) {
	case "", LogText, LogJSON:
		c.LogFormat = strings.ToLower(v)
		return nil
	}
	return fmt.Errorf("%q is neither text nor json", v)
}

// errBothKeys says the key was given twice, so neither is taken on trust.
var errBothKeys = errors.New("HARRIET_SECRET_KEY_FILE and HARRIET_SECRET_KEY are both set: keep one")
