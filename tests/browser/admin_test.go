package browser

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"harriet/adapters/devidp"
	"harriet/core"
)

// TestAdminSetsUpOktaInBrowser is the help article followed in a real browser: an
// Owner signs in, makes a mistake in the Okta form and fixes it, makes a
// provisioning token and copies it once, Okta provisions a user and pushes groups
// over real SCIM HTTP, and the pages show the user's role and the near-miss group.
// A form posted from another origin is refused, and a user without the role gets
// the 403 page.
func TestAdminSetsUpOktaInBrowser(t *testing.T) {
	ctx := newChrome(t)
	s := startServer(t)
	grantClipboard(t, ctx, s.url)
	p := &page{t: t, ctx: ctx, base: s.url, dir: screenshots(t)}

	signInWithPassword(t, p, s)
	fillOktaForm(t, p, s)
	token := makeProvisioningToken(t, p)

	ada := s.provision(t, token, "ada@acme.test", "Ada", "Lovelace")
	sam := s.provision(t, token, "sam@acme.test", "Sam", "Near")
	s.pushGroup(t, token, "Harriet Admin Group", ada)
	nearMiss := s.pushGroup(t, token, "harriet admin group", sam, "00u-never-provisioned")

	seeUsersAndGroups(t, p, ada, nearMiss)
	crossOriginRefused(t, p, s)
	seeAudit(t, p)

	signOut(t, p)
	s.idp.AddUser(devidp.User{Email: "sam@acme.test", GivenName: "Sam", FamilyName: "Near"})
	forbiddenWithoutRole(t, p)
}

func signInWithPassword(t *testing.T, p *page, s *server) {
	p.open("/settings/integrations/okta")
	if u := eval[string](p, "location.pathname + location.search"); !strings.HasPrefix(u, "/login?return_to=") {
		t.Fatalf("signed out, the settings page went to %s, not the login page", u)
	}
	p.fill("email", s.owner, "password", s.password)
	p.shot("login")
	if st := p.submit("form[action='/login/password'] button.primary"); st != http.StatusOK {
		t.Fatalf("password sign-in ended on status %d", st)
	}
	if path := eval[string](p, "location.pathname"); path != "/settings/integrations/okta" {
		t.Fatalf("after sign-in the browser is at %s, not back on the settings page", path)
	}
}

func fillOktaForm(t *testing.T, p *page, s *server) {
	for _, label := range []string{"Domain", "Client ID", "Login Domain", "Secret key", "Disable other login methods (SSO only)"} {
		if n := eval[int](p, fmt.Sprintf(`[...document.querySelectorAll("label")].filter(l => l.textContent.trim() === %q).length`, label)); n != 1 {
			t.Fatalf("the Okta form has %d labels %q, want exactly 1", n, label)
		}
	}
	p.mustSee("Save", "Setup checklist", "Not yet")
	if v := eval[string](p, `document.getElementById("redirect_uri").textContent`); v != s.url+"/bots/okta/callback/" {
		t.Fatalf("the redirect URI to paste into Okta is %q", v)
	}
	if v := eval[string](p, `document.getElementById("scim_base_url").textContent`); v != s.url+"/scim/v2" {
		t.Fatalf("the SCIM base URL to paste into Okta is %q", v)
	}
	p.fill("domain", "acme.test", "client_id", clientID, "login_domain", "acme-admin.okta.com", "client_secret", clientSecret)
	if st := p.submit("form[action='/settings/integrations/okta'] button[type=submit]"); st != http.StatusBadRequest {
		t.Fatalf("a Login Domain on the admin console answered %d, want 400", st)
	}
	beside := eval[string](p, `(() => { const e = document.getElementById("login_domain-error");
	  return e && e.closest(".field").querySelector("#login_domain") ? e.textContent : ""; })()`)
	if !strings.Contains(beside, "admin console") || !strings.Contains(beside, "acme.okta.com") {
		t.Fatalf("no error beside Login Domain about the admin console; got %q", beside)
	}
	if v := eval[string](p, `document.getElementById("domain").value`); v != "acme.test" {
		t.Fatalf("the Domain typed was lost: %q", v)
	}
	if n := eval[int](p, `document.querySelectorAll(".field-error").length`); n != 1 {
		t.Fatalf("%d inline errors, want only the Login Domain's", n)
	}
	p.shot("okta-mistake")
	fixOktaForm(t, p, s)
}

// fixOktaForm corrects the Login Domain, saves, and copies the redirect URI.
func fixOktaForm(t *testing.T, p *page, s *server) {
	p.fill("login_domain", s.idp.URL(), "client_secret", clientSecret)
	if st := p.submit("form[action='/settings/integrations/okta'] button[type=submit]"); st != http.StatusOK {
		t.Fatalf("saving the corrected form answered %d", st)
	}
	p.mustSee("Saved.", "Issuer found: "+s.idp.URL(), "A secret key is stored")
	if html := eval[string](p, "document.documentElement.outerHTML"); strings.Contains(html, clientSecret) {
		t.Fatal("the page shows the client secret back")
	}
	if v := eval[string](p, `document.getElementById("client_secret").value`); v != "" {
		t.Fatalf("the Secret key field holds %q after saving", v)
	}
	p.do(chromedp.Click(chromedp.CSS(`button[data-copy="redirect_uri"]`)), chromedp.WaitVisible(chromedp.CSS("button.copy.copied")))
	if clip := eval[string](p, "navigator.clipboard.readText()"); clip != s.url+"/bots/okta/callback/" {
		t.Fatalf("the redirect URI copy button copied %q", clip)
	}
	p.shot("okta-saved")
}

func makeProvisioningToken(t *testing.T, p *page) string {
	p.open("/preferences/tokens")
	p.mustSee("Manage API Keys role is as powerful as Owner", "You have no tokens yet.")
	p.fill("name", "Okta provisioning")
	p.do(chromedp.Click(chromedp.ID("scope-scim")))
	p.shot("tokens-empty")
	if st := p.submit("form[action='/preferences/tokens'] button[type=submit]"); st != http.StatusOK {
		t.Fatalf("creating a token ended on %d", st)
	}
	p.mustSee("It will not be shown again")
	shown := eval[string](p, `document.getElementById("new_token").textContent`)
	if !strings.HasPrefix(shown, core.TokenPrefix) || !core.WellFormedToken(shown) {
		t.Fatalf("the page shows %q, not a Harriet token", shown)
	}
	p.do(chromedp.Click(chromedp.CSS(`button[data-copy="new_token"]`)), chromedp.WaitVisible(chromedp.CSS("button.copy.copied")))
	if clip := eval[string](p, "navigator.clipboard.readText()"); clip != shown {
		t.Fatalf("the copy button copied %q, the page shows %q", clip, shown)
	}
	p.shot("token-created")
	p.do(chromedp.Reload())
	if eval[bool](p, `document.getElementById("new_token") !== null`) || strings.Contains(eval[string](p, "document.documentElement.outerHTML"), shown) {
		t.Fatal("the token is shown again after a reload")
	}
	p.mustSee("Okta provisioning", "Provisioning", core.DisplayPrefix(shown))
	p.shot("tokens-list")
	p.submit(`a[href$="/revoke"]`)
	p.mustSee("Revoke “Okta provisioning”?", "Okta stops provisioning")
	p.shot("token-revoke-confirm")
	return shown
}

func seeUsersAndGroups(t *testing.T, p *page, ada, nearMiss string) {
	p.open("/settings/users")
	p.fill("q", "ada@acme")
	p.submit("form[role=search] button[type=submit]")
	p.mustSee("Ada Lovelace", "ada@acme.test", "Admin", "via Harriet Admin Group", "1 user matches")
	p.shot("users-search")
	p.open("/settings/users")
	p.mustSee("Sam Near", "No role", "Olivia Owner", "Primary owner", "3 users")
	p.shot("users")
	p.open("/settings/users/" + ada)
	p.mustSee("Effective roles", "Admin", "via Harriet Admin Group", "Direct roles")
	p.shot("user")

	p.open("/settings/groups")
	p.mustSee("harriet admin group", "Almost “Harriet Admin Group” but not exactly: grants no role.",
		"1 unknown member ID skipped", "last pushed")
	p.shot("groups")
	p.open("/settings/groups/" + nearMiss)
	p.mustSee("This name is almost “Harriet Admin Group”", "00u-never-provisioned", "Sam Near")
	p.shot("group-near-miss")
	p.open("/settings/groups")
	p.do(chromedp.Click(chromedp.CSS(`a[href^="/settings/groups/"]`)))
	p.do(chromedp.WaitVisible(chromedp.CSS(`a[href$="/delete"]`)))
	p.submit(`a[href$="/delete"]`)
	p.mustSee("Delete “Harriet Admin Group”?", "Its 1 member loses the Admin role")
	p.shot("group-delete-confirm")
	p.open(strings.TrimSuffix(eval[string](p, "location.pathname"), "/delete"))
	p.submit(`a[href$="/keep"]`)
	p.mustSee("Keep “Harriet Admin Group” as a Harriet group?", "keeps the Admin role")
	p.shot("group-keep-confirm")
}

func crossOriginRefused(t *testing.T, p *page, s *server) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>Another site</title><form method="post" action="%s/settings/integrations/okta">
<input type="hidden" name="domain" value="evil.example"><input type="hidden" name="login_domain" value="evil.okta.com">
<button id="go" type="submit">Win a prize</button></form>`, s.url)
	}))
	defer other.Close()
	p.do(chromedp.Navigate(other.URL))
	if st := p.submit("#go"); st != http.StatusForbidden {
		t.Fatalf("a form posted from %s answered %d, want 403", other.URL, st)
	}
	p.mustSee("Request refused", "sent from another site")
	in, err := s.app.Service.Store.Integrations().ByDomain(context.Background(), "acme.test")
	if err != nil || in.LoginDomain != s.idp.URL() {
		t.Fatalf("the integration changed after a cross-origin post: %+v %v", in, err)
	}
	p.shot("cross-origin-refused")
}

func seeAudit(t *testing.T, p *page) {
	p.open("/settings/audit")
	p.mustSee("integration.save", "token.create", "scim.user.create", "signin.password")
	p.do(chromedp.SetValue(chromedp.ID("action"), "scim."))
	p.submit("form.filters button[type=submit]")
	p.mustSee("scim.user.create", "scim.group.member_skipped")
	if strings.Contains(p.text(), "token.create") {
		t.Fatal("the SCIM filter shows a token entry")
	}
	p.shot("audit")
}

func signOut(t *testing.T, p *page) {
	p.submit("form.signout button")
	if path := eval[string](p, "location.pathname"); path != "/login" {
		t.Fatalf("after signing out the browser is at %s", path)
	}
}

func forbiddenWithoutRole(t *testing.T, p *page) {
	p.open("/login")
	p.fill("email", "sam@acme.test")
	if st := p.submit("button.okta"); st != http.StatusOK {
		t.Fatalf("Okta sign-in through the development provider ended on %d", st)
	}
	p.mustSee("Hello, Sam")
	if st := p.open("/settings/users"); st != http.StatusForbidden {
		t.Fatalf("a user without a role opened Users with status %d, want 403", st)
	}
	p.mustSee("You don't have access to this page", "Owners, Admins and Manage Users")
	p.shot("forbidden")
}
