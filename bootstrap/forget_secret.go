package bootstrap

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// cmdForgetSecret is `harriet integration forget-secret`: the way out when the root
// key is lost. serve refuses a key that opens none of the saved client secrets, so
// with the key gone nothing could start it; clearing a company's secret (and its
// SSO-only, which cannot work without it) lets serve start with a new key. It never
// opens a secret, so it runs with any key, and does not check it.
func cmdForgetSecret(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	c := newCommand("harriet integration forget-secret").withSettings()
	slug := c.fs.String("company", "", "the company whose saved Okta client secret is cleared")
	cfg, err := c.parse(args, env, stdout)
	if err != nil {
		return helpOK(err)
	}
	if err := c.required("company"); err != nil {
		return err
	}
	return withRuntime(ctx, cfg, stderr, func(rt *runtime) error {
		res, err := rt.svc.ForgetSecretAsOperator(ctx, *slug)
		if err != nil {
			return err
		}
		secret, sso := "was cleared", "is now off"
		if !res.SecretWasSet {
			secret = "was not set"
		}
		if !res.SSOOnlyWas {
			sso = "stays off"
		}
		_, err = fmt.Fprintf(stdout, "The Okta client secret of %s %s, and SSO-only %s: sign-in with Okta cannot work "+
			"without the secret, so other sign-in methods work meanwhile. An admin re-enters the Secret key in "+
			"Company settings → Integrations → Okta (and turns SSO-only on again if wanted).\n", strings.TrimSpace(*slug), secret, sso)
		return err
	})
}
