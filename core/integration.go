package core

import (
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Integration is a company's Okta connection: one per company, saved from Company
// settings → Integrations → Okta. SCIM refuses to work until it exists.
type Integration struct {
	CompanyID    string
	Domain       string // the company's email domain, normalised; unique across companies
	ClientID     string
	LoginDomain  string // normalised (host[/oauth2/id] or a loopback http URL)
	Issuer       string // derived from LoginDomain
	SecretSealed []byte // the Okta client secret, sealed by a SecretBox with the company ID
	SSOOnly      bool
	// SignInSetByOwner says an Owner saved the sign-in settings (Login Domain,
	// Client ID, secret) as they are: whoever sets them decides who Okta says a
	// person is, so only then may an Okta sign-in link an Owner-level account.
	SignInSetByOwner bool
	Discovery        Discovery
	Version          int64
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// Discovery statuses.
const (
	DiscoveryOK          = "ok"
	DiscoveryUnreachable = "unreachable"
	DiscoveryNotChecked  = "not_checked"
)

// Discovery records what the IdP's OpenID configuration said at save time.
type Discovery struct {
	Status   string
	Message  string
	Metadata []byte // the discovery document as fetched, JSON
}

var domainPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$`)

// NormalizeEmailDomain checks and normalises the integration's Domain (acme.com).
func NormalizeEmailDomain(s string) (string, error) {
	d := NormDomain(s)
	switch {
	case d == "":
		return "", InvalidField("domain", "Domain is required: give your company's email domain, like acme.com.")
	case strings.Contains(d, "@"):
		return "", InvalidField("domain", "Domain is the part after the @ of your email addresses (acme.com), not a whole address.")
	case strings.Contains(d, "://") || strings.ContainsAny(d, "/?# "):
		return "", InvalidField("domain", "Domain is a bare email domain like acme.com: no https://, path or spaces.")
	case !domainPattern.MatchString(d):
		return "", InvalidField("domain", "%q is not a domain name; give your company's email domain, like acme.com.", s)
	case isPublicMailDomain(d):
		return "", InvalidField("domain", "%s is a public mailbox domain: its addresses belong to people of many companies, so it cannot be one company's Okta domain. Give your company's own email domain, like acme.com.", d)
	}
	return d, nil
}

// publicMailDomains are mailbox providers' domains. A Domain belongs to one company
// and routes every "Sign in with Okta" of its addresses to that company's Okta, so
// claiming one of these would take Okta sign-in from everyone else who uses it.
// No list is complete: it holds the large providers, and publicMailProviders
// catches their country domains.
var publicMailDomains = map[string]bool{
	"gmail.com": true, "googlemail.com": true, "outlook.com": true, "hotmail.com": true,
	"live.com": true, "msn.com": true, "passport.com": true, "yahoo.com": true, "ymail.com": true,
	"rocketmail.com": true, "icloud.com": true, "me.com": true, "mac.com": true, "aol.com": true,
	"aim.com": true, "proton.me": true, "pm.me": true, "protonmail.com": true, "protonmail.ch": true,
	"mail.com": true, "email.com": true, "zoho.com": true, "zohomail.com": true, "fastmail.com": true,
	"fastmail.fm": true, "hey.com": true, "tutanota.com": true, "tutanota.de": true, "tuta.io": true,
	"tuta.com": true, "mail.ru": true, "inbox.ru": true, "list.ru": true, "bk.ru": true, "rambler.ru": true,
	"qq.com": true, "163.com": true, "126.com": true, "yeah.net": true, "sina.com": true, "sohu.com": true,
	"naver.com": true, "hanmail.net": true, "daum.net": true, "web.de": true, "t-online.de": true,
	"freenet.de": true, "orange.fr": true, "free.fr": true, "laposte.net": true, "sfr.fr": true,
	"libero.it": true, "virgilio.it": true, "tiscali.it": true, "seznam.cz": true, "wp.pl": true,
	"o2.pl": true, "interia.pl": true, "onet.pl": true, "bluewin.ch": true, "btinternet.com": true,
	"sky.com": true, "virginmedia.com": true, "comcast.net": true, "att.net": true, "verizon.net": true,
	"sbcglobal.net": true, "bellsouth.net": true, "cox.net": true, "charter.net": true,
	"earthlink.net": true, "optonline.net": true, "rediffmail.com": true, "uol.com.br": true,
	"bol.com.br": true, "terra.com.br": true,
}

// publicMailProviders are providers that run the same mailbox under many country
// domains (yahoo.co.uk, outlook.fr, gmx.at): a Domain whose first label is one of
// these is theirs.
var publicMailProviders = map[string]bool{
	"gmail": true, "googlemail": true, "hotmail": true, "outlook": true, "yahoo": true, "ymail": true,
	"gmx": true, "yandex": true, "protonmail": true, "aol": true, "icloud": true,
}

// isPublicMailDomain reports a mailbox provider's domain, or a domain under one
// (mail.gmail.com), or a provider's country domain (yahoo.co.uk).
func isPublicMailDomain(d string) bool {
	if first, _, ok := strings.Cut(d, "."); ok && publicMailProviders[first] {
		return true
	}
	for ; d != ""; _, d, _ = strings.Cut(d, ".") {
		if publicMailDomains[d] {
			return true
		}
	}
	return false
}

// NormalizeLoginDomain applies SPEC.md's Login Domain rule. It returns the normalised
// login domain and the OpenID issuer it names. allowInsecure admits an http URL to a
// loopback IdP (tests and local IdPs only).
func NormalizeLoginDomain(s string, allowInsecure bool) (loginDomain, issuer string, err error) {
	raw := strings.TrimSpace(s)
	if raw == "" {
		return "", "", InvalidField("login_domain", "Login Domain is required: give your Okta org's domain, like company.okta.com.")
	}
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, perr := url.Parse(raw)
	if perr != nil || u.Host == "" || u.User != nil {
		return "", "", InvalidField("login_domain", "%q is not a domain; give your Okta org's domain, like company.okta.com.", s)
	}
	if err := refuseAdminConsole(u.Hostname()); err != nil {
		return "", "", err
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", "", InvalidField("login_domain", "Login Domain takes no query or fragment: give just the domain, like company.okta.com.")
	}
	path, perr2 := normalizeIssuerPath(u.Path)
	if perr2 != nil {
		return "", "", perr2
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return httpsLoginDomain(u.Host, path, s)
	case "http":
		return loopbackLoginDomain(u.Host, path, allowInsecure)
	}
	return "", "", InvalidField("login_domain", "Login Domain must be an https address, like company.okta.com.")
}

// refuseAdminConsole refuses the Okta admin console's host with a hint naming the
// org's. It runs before the path and query checks: admins paste the console's whole
// address from the browser, and the hint is what they need, not "remove the path".
func refuseAdminConsole(hostname string) error {
	host := strings.ToLower(strings.TrimSuffix(hostname, "."))
	if strings.HasSuffix(host, "-admin.okta.com") || strings.HasSuffix(host, "-admin.oktapreview.com") {
		org := strings.Replace(host, "-admin.", ".", 1)
		return InvalidField("login_domain", "%s is the Okta admin console, not your org: use %s (the address without -admin).", host, org)
	}
	return nil
}

func normalizeIssuerPath(p string) (string, error) {
	p = strings.TrimSuffix(p, "/")
	if p == "" {
		return "", nil
	}
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	if len(parts) == 2 && parts[0] == "oauth2" && validServerID(parts[1]) {
		return "/oauth2/" + parts[1], nil
	}
	return "", InvalidField("login_domain", "Login Domain takes no path other than /oauth2/<authorization server id>: remove %q.", p)
}

func validServerID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func httpsLoginDomain(hostport, path, original string) (string, string, error) {
	host := strings.ToLower(strings.TrimSuffix(hostport, "."))
	if h, port, err := net.SplitHostPort(host); err == nil {
		if port != "443" {
			return "", "", InvalidField("login_domain", "Login Domain takes no port: give just the domain, like company.okta.com.")
		}
		host = h
	}
	if !domainPattern.MatchString(host) {
		return "", "", InvalidField("login_domain", "%q is not a domain; give your Okta org's domain, like company.okta.com.", original)
	}
	ld := host + path
	return ld, "https://" + ld, nil
}

func loopbackLoginDomain(hostport, path string, allowInsecure bool) (string, string, error) {
	host, port, err := net.SplitHostPort(hostport)
	loopback := err == nil && port != "" && (host == "127.0.0.1" || strings.EqualFold(host, "localhost"))
	if !allowInsecure || !loopback {
		return "", "", InvalidField("login_domain", "Login Domain must use https. (http:// is allowed only for a local test IdP on 127.0.0.1 or localhost with --allow-insecure-idp.)")
	}
	issuer := "http://" + strings.ToLower(host) + ":" + port + path
	return issuer, issuer, nil
}
