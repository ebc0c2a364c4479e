package bootstrap

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"harriet/core"
	"harriet/core/usecase"
)

// withRuntime opens the store for a command (not serve), checks the schema is
// current, runs fn and closes the store.
func withRuntime(ctx context.Context, cfg Config, stderr io.Writer, fn func(rt *runtime) error) error {
	rt, err := openRuntime(ctx, cfg, &appOptions{log: NewLogger(cfg.LogFormat, stderr)})
	if err != nil {
		return err
	}
	defer rt.close()
	if err := rt.requireCurrentSchema(ctx); err != nil {
		return err
	}
	return fn(rt)
}

// bootstrapOutput is `harriet bootstrap`'s one JSON line.
type bootstrapOutput struct {
	Company  string `json:"company"`
	OwnerID  string `json:"owner_id"`
	Password string `json:"password,omitempty"`
}

func cmdBootstrap(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	c := newCommand("harriet bootstrap").withSettings()
	slug := c.fs.String("company", "", "the company's slug: lower-case letters, digits and dashes")
	name := c.fs.String("name", "", "the company's name, like \"Acme Inc\"")
	email := c.fs.String("owner-email", "", "the primary Owner's email")
	ownerName := c.fs.String("owner-name", "", "the primary Owner's name, \"Given Family\" (default: from the email)")
	pwFile := c.fs.String("owner-password-file", "", "file holding the Owner's password (default: one is generated and printed)")
	cfg, err := c.parse(args, env, stdout)
	if err != nil {
		return helpOK(err)
	}
	if err := c.required("company", "name", "owner-email"); err != nil {
		return err
	}
	password, err := readPasswordFile(*pwFile)
	if err != nil {
		return err
	}
	in := usecase.BootstrapInput{Slug: *slug, Name: *name, OwnerEmail: *email, OwnerName: *ownerName, Password: password}
	if err := usecase.CheckBootstrapInput(in); err != nil {
		return argError(err, bootstrapFlags) // before the store is opened: a typo makes nothing
	}
	return withRuntime(ctx, cfg, stderr, func(rt *runtime) error {
		res, err := rt.svc.BootstrapCompany(ctx, in)
		if err != nil {
			return argError(err, bootstrapFlags)
		}
		return json.NewEncoder(stdout).Encode(bootstrapOutput{Company: res.Company.Slug, OwnerID: res.Owner.ID, Password: res.GeneratedPassword})
	})
}

// bootstrapFlags names the flag behind each field BootstrapCompany checks.
var bootstrapFlags = map[string]string{
	"company": "--company", "name": "--name", "owner_email": "--owner-email",
	"owner_name": "--owner-name", "password": "--owner-password-file",
}

// readPasswordFile reads the password, without the line end an editor adds.
func readPasswordFile(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("--owner-password-file: %w", err)
	}
	pw := strings.TrimRight(string(b), "\r\n")
	if pw == "" {
		return "", usageErrorf("--owner-password-file %s is empty; leave the flag out to have a password generated", path)
	}
	return pw, nil
}

func cmdTokenCreate(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	c := newCommand("harriet token create").withSettings()
	slug := c.fs.String("company", "", "the company's slug")
	user := c.fs.String("user", "", "email of the user the token belongs to")
	name := c.fs.String("name", "", "what the token is for, like \"Okta provisioning\"")
	scope := c.fs.String("scope", string(core.ScopePersonal), "personal (acts as the user on /api/v1) or scim (a provisioning token for Okta)")
	cfg, err := c.parse(args, env, stdout)
	if err != nil {
		return helpOK(err)
	}
	if err := c.required("company", "user", "name"); err != nil {
		return err
	}
	if s := core.TokenScope(*scope); s != core.ScopePersonal && s != core.ScopeSCIM {
		return usageErrorf("--scope is personal or scim, not %q", *scope)
	}
	return withRuntime(ctx, cfg, stderr, func(rt *runtime) error {
		secret, _, err := rt.svc.IssueTokenAsOperator(ctx, *slug, *user, *name, core.TokenScope(*scope))
		if err != nil {
			return argError(err, map[string]string{"name": "--name", "scope": "--scope"})
		}
		_, err = fmt.Fprintln(stdout, secret)
		return err
	})
}

func cmdSSOOnly(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	c := newCommand("harriet integration sso-only").withSettings()
	slug := c.fs.String("company", "", "the company's slug")
	off := c.fs.Bool("off", false, "turn SSO-only off, so the company's users can sign in with passwords again")
	cfg, err := c.parse(args, env, stdout)
	if err != nil {
		return helpOK(err)
	}
	if err := c.required("company"); err != nil {
		return err
	}
	if !*off {
		return usageErrorf("give --off: this command turns SSO-only off (turn it on in Company settings → Integrations → Okta)")
	}
	return withRuntime(ctx, cfg, stderr, func(rt *runtime) error {
		if err := rt.svc.SetSSOOnlyAsOperator(ctx, *slug, false); err != nil {
			return err
		}
		_, err := fmt.Fprintf(stdout, "SSO-only is off for %s; other sign-in methods work again.\n", *slug)
		return err
	})
}

func cmdMigrate(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	c := newCommand("harriet migrate").withSettings()
	cfg, err := c.parse(args, env, stdout)
	if err != nil {
		return helpOK(err)
	}
	// Opened without migrating, so the version found first can be told; a newer
	// schema still stops here.
	cfg.Migrate = MigrateOff
	rt, err := openRuntime(ctx, cfg, &appOptions{log: NewLogger(cfg.LogFormat, stderr)})
	if err != nil {
		return err
	}
	defer rt.close()
	before, _, err := rt.db.SchemaStatus(ctx)
	if err != nil {
		return err
	}
	if err := rt.db.Migrate(ctx); err != nil {
		return err
	}
	after, _, err := rt.db.SchemaStatus(ctx)
	if err != nil {
		return err
	}
	if before == after {
		_, err = fmt.Fprintf(stdout, "The store's schema is up to date (version %d).\n", after)
	} else {
		_, err = fmt.Fprintf(stdout, "The store's schema is up to date (version %d; it was at version %d).\n", after, before)
	}
	return err
}

// helpOK turns errHelp into success: -h printed the usage.
func helpOK(err error) error {
	if errors.Is(err, errHelp) {
		return nil
	}
	return err
}
