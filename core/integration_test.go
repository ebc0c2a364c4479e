package core

import (
	"errors"
	"strings"
	"testing"
)

// SPEC.md, "Login Domain": a bare host, https://, a trailing slash and upper case
// all give the host; /oauth2/<id> is kept; a -admin host is refused with a hint; any
// other path or query is refused; http:// only with allowInsecure, only to loopback.
func TestNormalizeLoginDomainAccepts(t *testing.T) {
	for _, c := range []struct {
		in, want, issuer string
		insecure         bool
	}{
		{in: "company.okta.com", want: "company.okta.com"},
		{in: "https://company.okta.com", want: "company.okta.com"},
		{in: "https://company.okta.com/", want: "company.okta.com"},
		{in: "company.okta.com/", want: "company.okta.com"},
		{in: "COMPANY.OKTA.COM", want: "company.okta.com"},
		{in: "HTTPS://Company.Okta.Com/", want: "company.okta.com"},
		{in: "  company.okta.com  ", want: "company.okta.com"},
		{in: "company.okta.com.", want: "company.okta.com"},
		{in: "https://company.okta.com:443", want: "company.okta.com"},
		{in: "dev-123456.oktapreview.com", want: "dev-123456.oktapreview.com"},
		{in: "login.acme.com", want: "login.acme.com"},
		{in: "company.okta.com/oauth2/default", want: "company.okta.com/oauth2/default"},
		{in: "https://Company.okta.com/oauth2/aus1a2B3c4D5e6F7g8/", want: "company.okta.com/oauth2/aus1a2B3c4D5e6F7g8"},
		{in: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080", issuer: "http://127.0.0.1:8080", insecure: true},
		{in: "http://127.0.0.1:8080/", want: "http://127.0.0.1:8080", issuer: "http://127.0.0.1:8080", insecure: true},
		{in: "http://LOCALHOST:9000/oauth2/default", want: "http://localhost:9000/oauth2/default",
			issuer: "http://localhost:9000/oauth2/default", insecure: true},
		{in: "company.okta.com", want: "company.okta.com", insecure: true}, // https stays https
	} {
		ld, issuer, err := NormalizeLoginDomain(c.in, c.insecure)
		wantIssuer := c.issuer
		if wantIssuer == "" {
			wantIssuer = "https://" + c.want
		}
		if err != nil || ld != c.want || issuer != wantIssuer {
			t.Errorf("NormalizeLoginDomain(%q, %v) = %q, %q, %v; want %q, %q", c.in, c.insecure, ld, issuer, err, c.want, wantIssuer)
		}
	}
}

func TestNormalizeLoginDomainRefuses(t *testing.T) {
	for _, c := range []struct {
		in       string
		insecure bool
		says     string // a part of the message the admin reads
	}{
		{in: "", says: "required"},
		{in: "   ", says: "required"},
		{in: "company.okta.com/app/harriet/sso", says: "no path"},
		{in: "https://company.okta.com/oauth2", says: "no path"},
		{in: "https://company.okta.com/oauth2/", says: "no path"},
		{in: "https://company.okta.com/oauth2/default/v1/authorize", says: "no path"},
		{in: "https://company.okta.com/.well-known/openid-configuration", says: "no path"},
		{in: "https://company.okta.com/oauth2/a.b", says: "no path"},
		{in: "https://company.okta.com?x=1", says: "no query"},
		{in: "https://company.okta.com/oauth2/default?x=1", says: "no query"},
		{in: "https://company.okta.com#frag", says: "no query or fragment"},
		{in: "https://company.okta.com:8443", says: "no port"},
		{in: "https://user@company.okta.com", says: "not a domain"},
		{in: "company okta.com", says: "not a domain"},
		{in: "localhost", says: "not a domain"},
		{in: "https://10.0.0.1", says: "not a domain"},
		{in: "ftp://company.okta.com", says: "https"},
		{in: "http://company.okta.com", says: "https"},
		{in: "http://company.okta.com", insecure: true, says: "127.0.0.1"},
		{in: "http://127.0.0.1:8080", says: "allow-insecure-idp"},
		{in: "http://localhost:8080", says: "allow-insecure-idp"},
		{in: "http://127.0.0.1", insecure: true, says: "127.0.0.1"},
		{in: "http://localhost", insecure: true, says: "127.0.0.1"},
		{in: "http://127.0.0.2:8080", insecure: true, says: "127.0.0.1"},
		{in: "http://[::1]:8080", insecure: true, says: "127.0.0.1"},
		{in: "http://10.0.0.1:8080", insecure: true, says: "127.0.0.1"},
	} {
		ld, issuer, err := NormalizeLoginDomain(c.in, c.insecure)
		if err == nil {
			t.Errorf("NormalizeLoginDomain(%q, %v) = %q, %q; want refused", c.in, c.insecure, ld, issuer)
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Kind != Invalid || e.Field != "login_domain" || !strings.Contains(e.Message, c.says) {
			t.Errorf("NormalizeLoginDomain(%q, %v): %v; want Invalid on login_domain saying %q", c.in, c.insecure, err, c.says)
		}
	}
}

// The admin console's address is refused with a hint naming the org's address, also
// when pasted whole from the browser (with the console's path or a query).
func TestNormalizeLoginDomainAdminConsoleHint(t *testing.T) {
	for in, org := range map[string]string{
		"company-admin.okta.com":                               "company.okta.com",
		"https://Company-Admin.Okta.com/":                      "company.okta.com",
		"https://company-admin.okta.com/admin/dashboard":       "company.okta.com",
		"https://company-admin.okta.com/admin/apps/active?x=1": "company.okta.com",
		"https://company-admin.okta.com/oauth2/default":        "company.okta.com",
		"dev-123456-admin.oktapreview.com":                     "dev-123456.oktapreview.com",
		"https://my-admin-team-admin.okta.com":                 "my-admin-team.okta.com",
	} {
		for _, insecure := range []bool{false, true} {
			_, _, err := NormalizeLoginDomain(in, insecure)
			msg := MessageOf(err)
			if !IsKind(err, Invalid) || !strings.Contains(msg, "admin console") || !strings.Contains(msg, "use "+org+" ") {
				t.Errorf("NormalizeLoginDomain(%q): %v; want the admin console hint naming %s", in, err, org)
			}
		}
	}
}

func TestNormalizeEmailDomain(t *testing.T) {
	for in, want := range map[string]string{
		"acme.com": "acme.com", "ACME.Com": "acme.com", " acme.com ": "acme.com", "acme.com.": "acme.com",
		"mail.acme.co.uk": "mail.acme.co.uk", "xn--bcher-kva.example": "xn--bcher-kva.example", "a-b.io": "a-b.io",
		"gmailer.com": "gmailer.com", "outlookcorp.com": "outlookcorp.com", "acme.live": "acme.live",
	} {
		if got, err := NormalizeEmailDomain(in); err != nil || got != want {
			t.Errorf("NormalizeEmailDomain(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, says := range map[string]string{
		"": "required", "  ": "required",
		"ada@acme.com": "after the @", "@acme.com": "after the @",
		"https://acme.com": "no https://", "acme.com/x": "no https://", "acme.com?x": "no https://",
		"ac me.com": "no https://", "acme.com#x": "no https://",
		"acme": "not a domain", "-acme.com": "not a domain", "acme.com:443": "not a domain",
		"acme..com": "not a domain", "bücher.example": "not a domain", "acme.1": "not a domain",
		"gmail.com": "public mailbox domain", "Outlook.COM.": "public mailbox domain", "mail.gmail.com": "public mailbox domain",
		"yahoo.co.uk": "public mailbox domain", "outlook.fr": "public mailbox domain", "gmx.at": "public mailbox domain",
		"pm.me": "public mailbox domain", "t-online.de": "public mailbox domain", "comcast.net": "public mailbox domain",
	} {
		got, err := NormalizeEmailDomain(in)
		var e *Error
		if err == nil || !errors.As(err, &e) || e.Kind != Invalid || e.Field != "domain" || !strings.Contains(e.Message, says) {
			t.Errorf("NormalizeEmailDomain(%q) = %q, %v; want Invalid on domain saying %q", in, got, err, says)
		}
	}
}

// FuzzNormalizeLoginDomain checks that no input panics and that any accepted value
// normalises to itself again, with the same issuer: what is saved is stable.
func FuzzNormalizeLoginDomain(f *testing.F) {
	for _, s := range []string{
		"company.okta.com", "https://company.okta.com/", "COMPANY.OKTA.COM", "company.okta.com/oauth2/default",
		"https://company-admin.okta.com/admin/dashboard", "http://127.0.0.1:8080/oauth2/x", "http://localhost:1",
		"https://company.okta.com:443", "company.okta.com.", "https://user@company.okta.com", "https://[::1]:443",
		"https://company%2Eokta.com", "https://company.okta.com/%6Fauth2/default", "company.okta.com?", "",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, in string, insecure bool) {
		ld, issuer, err := NormalizeLoginDomain(in, insecure)
		if err != nil {
			if !IsKind(err, Invalid) {
				t.Fatalf("NormalizeLoginDomain(%q) failed with %v, want Invalid", in, err)
			}
			return
		}
		if issuer != "https://"+ld && !(insecure && issuer == ld && strings.HasPrefix(ld, "http://")) {
			t.Fatalf("NormalizeLoginDomain(%q) = %q with issuer %q", in, ld, issuer)
		}
		again, issuer2, err := NormalizeLoginDomain(ld, insecure)
		if err != nil || again != ld || issuer2 != issuer {
			t.Fatalf("NormalizeLoginDomain(%q) = %q, but that gives %q, %q, %v", in, ld, again, issuer2, err)
		}
	})
}
