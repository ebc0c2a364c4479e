package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"harriet/core"
	"harriet/ports"
)

// Free text an admin gives (a token name, a user's names and email, the Client ID
// and secret of the integration) never holds a control character: each is 400
// invalid naming the field, and nothing is stored or audited.
func TestControlCharactersAreRefused(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	tokensBefore, _ := e.db.Tokens().List(ctx, e.company.ID, ports.TokenQuery{IncludeRevoked: true})
	usersBefore, _ := e.db.Users().Count(ctx, e.company.ID, true)
	for _, name := range []string{"a\u0000b", "line\nbreak", "tab\there", "del\u007f", "c1\u0085x", "rtl\u202eexe.txt"} {
		expectError(t, e.do(e.ownerCred(), "POST", "/api/v1/tokens", map[string]any{"name": name}), 400, "invalid", "name holds a control character")
	}
	user := func(email, given, family string) map[string]any {
		return map[string]any{"email": email, "name": map[string]any{"given": given, "family": family}}
	}
	expectError(t, e.do(e.ownerCred(), "POST", "/api/v1/users", user("ada@acme.com", "A\u0000da", "Lovelace")), 400, "invalid", "name holds a control character")
	expectError(t, e.do(e.ownerCred(), "POST", "/api/v1/users", user("ada@acme.com", "Ada", "Love\r\nlace")), 400, "invalid", "name holds a control character")
	expectError(t, e.do(e.ownerCred(), "POST", "/api/v1/users", user("a\u0000da@acme.com", "Ada", "Lovelace")), 400, "invalid", "not an email address")

	okta := func(clientID, secret string) map[string]any {
		return map[string]any{"domain": "acme.com", "client_id": clientID, "login_domain": "acme.okta.com", "client_secret": secret}
	}
	expectError(t, e.do(e.ownerCred(), "PUT", "/api/v1/integrations/okta", okta("0oa\u0000x", "s3cret")), 400, "invalid", "client_id holds a control character")
	a := e.do(e.ownerCred(), "PUT", "/api/v1/integrations/okta", okta("0oax", "zq9w\u0000kw7p"))
	expectError(t, a, 400, "invalid", "no spaces or control characters")
	if _, msg := a.errCode(t); strings.Contains(msg, "zq9w") || strings.Contains(msg, "kw7p") {
		t.Fatalf("the secret is repeated: %s", msg)
	}

	tokensAfter, _ := e.db.Tokens().List(ctx, e.company.ID, ports.TokenQuery{IncludeRevoked: true})
	usersAfter, _ := e.db.Users().Count(ctx, e.company.ID, true)
	if len(tokensAfter) != len(tokensBefore) || usersAfter != usersBefore {
		t.Fatalf("refused input was stored: tokens %d→%d users %d→%d", len(tokensBefore), len(tokensAfter), usersBefore, usersAfter)
	}
	if _, err := e.db.Integrations().Get(ctx, e.company.ID); !core.IsKind(err, core.NotFound) {
		t.Fatalf("a refused integration was saved: %v", err)
	}
	if n := len(e.auditEntries(e.company.ID, "token.create")); n != 1 { // the setup token only
		t.Fatalf("token.create audits = %d", n)
	}
	// printable text with accents, emoji and inner spaces still goes in
	expect(t, e.do(e.ownerCred(), "POST", "/api/v1/tokens", map[string]any{"name": "Okta – prod ✓"}), 201)
	expect(t, e.do(e.ownerCred(), "POST", "/api/v1/users", user("zoe@acme.com", "Zoë", "Ångström")), 201)
}
