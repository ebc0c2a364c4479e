package bootstrap

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
)

// usage is `harriet help`.
const usage = `harriet: Harriet's identity service (Okta sign-in and SCIM provisioning)

Commands (flags come after the command; every command that opens the store takes
the settings flags, see "harriet serve -h"):
  serve                                   run the HTTP service
  bootstrap --company SLUG --name NAME --owner-email EMAIL [--owner-name "Given Family"] [--owner-password-file FILE]
                                          create a company and its primary Owner
  token create --company SLUG --user EMAIL --name LABEL [--scope scim]
                                          create an API token and print it
  integration sso-only --company SLUG --off
                                          turn SSO-only off (the way back in when Okta is misconfigured)
  integration forget-secret --company SLUG
                                          clear the company's saved Okta client secret and turn SSO-only off,
                                          when the secret key is lost; an admin then re-enters the secret
  migrate                                 bring the store's schema up to date
  store copy --from STORE --to STORE [--from-key-file FILE] [--to-key-file FILE]
                                          copy every record into an empty store (bbolt to MySQL,
                                          or to a new bbolt file: the offline backup); sessions are not copied
  version                                 print the version
  demo [--addr 127.0.0.1:8080]            try the whole product on loopback: a temporary store, a demo
                                          company and a development OpenID provider instead of Okta

Exit codes: 0 success, 1 runtime error, 2 usage error.
`

// Main runs the harriet command line with args (without the program name) and
// returns the exit code. SIGINT and SIGTERM stop `serve` gracefully.
func Main(args []string, env func(string) string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, args, env, stdout, stderr)
}

// Run is Main with the caller's context: cancelling it stops `serve` as a signal
// would. Errors are written to stderr as one line.
func Run(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) int {
	name, err := dispatch(ctx, args, env, stdout, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %s\n", name, oneLine(err))
	}
	return exitCode(err)
}

// dispatch runs the subcommand and returns its name (for the error line) and error.
func dispatch(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) (string, error) {
	if len(args) == 0 {
		return "harriet", usageErrorf("no command given; run harriet help")
	}
	cmd, rest := args[0], args[1:]
	name := "harriet " + cmd
	switch cmd {
	case "serve":
		return name, cmdServe(ctx, rest, env, stdout, stderr)
	case "bootstrap":
		return name, cmdBootstrap(ctx, rest, env, stdout, stderr)
	case "migrate":
		return name, cmdMigrate(ctx, rest, env, stdout, stderr)
	case "version":
		return name, cmdVersion(rest, stdout)
	case "demo":
		return name, cmdDemo(ctx, rest, env, stdout, stderr)
	case "token", "integration", "store":
		return subDispatch(ctx, cmd, rest, env, stdout, stderr)
	case "help", "-h", "-help", "--help":
		_, err := io.WriteString(stdout, usage)
		return name, err
	}
	return "harriet", usageErrorf("unknown command %q; run harriet help", cmd)
}

// subcommands are the second words of the two-word commands.
var subcommands = map[string][]string{"token": {"create"}, "integration": {"sso-only", "forget-secret"}, "store": {"copy"}}

// subDispatch runs the two-word commands.
func subDispatch(ctx context.Context, cmd string, args []string, env func(string) string, stdout, stderr io.Writer) (string, error) {
	subs := subcommands[cmd]
	if len(args) == 0 || !slices.Contains(subs, args[0]) {
		return "harriet " + cmd, usageErrorf("%s", subUsage(cmd, subs))
	}
	name := "harriet " + cmd + " " + args[0]
	switch args[0] {
	case "create":
		return name, cmdTokenCreate(ctx, args[1:], env, stdout, stderr)
	case "copy":
		return name, cmdStoreCopy(ctx, args[1:], env, stdout, stderr)
	case "forget-secret":
		return name, cmdForgetSecret(ctx, args[1:], env, stdout, stderr)
	}
	return name, cmdSSOOnly(ctx, args[1:], env, stdout, stderr)
}

// subUsage names the commands that start with cmd.
func subUsage(cmd string, subs []string) string {
	names := make([]string, len(subs))
	for i, sub := range subs {
		names[i] = "`harriet " + cmd + " " + sub + "`"
	}
	if len(names) == 1 {
		return fmt.Sprintf("the only %s command is %s", cmd, names[0])
	}
	return fmt.Sprintf("the %s commands are %s", cmd, strings.Join(names, " and "))
}

// errHelp says -h was given and the usage was printed: exit 0.
var errHelp = errors.New("help printed")

// command is one subcommand's flags: its own plus every setting.
type command struct {
	name     string
	fs       *flag.FlagSet
	settings settingFlags
}

func newCommand(name string) *command {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &command{name: name, fs: fs}
}

// withSettings adds the settings flags (commands that open the store).
func (c *command) withSettings() *command {
	c.settings = addSettings(c.fs)
	return c
}

// parse reads args; -h prints the flags to stdout and returns errHelp.
func (c *command) parse(args []string, env func(string) string, stdout io.Writer) (Config, error) {
	if err := c.fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stdout, "Usage of %s:\n", c.name)
			c.fs.SetOutput(stdout)
			c.fs.PrintDefaults()
			return Config{}, errHelp
		}
		return Config{}, usageErrorf("%v (see %s -h)", err, c.name)
	}
	if c.fs.NArg() > 0 {
		return Config{}, usageErrorf("unexpected argument %q (flags come after the command; see %s -h)", c.fs.Arg(0), c.name)
	}
	if c.settings == nil {
		return Config{}, nil
	}
	cfg, err := c.settings.resolve(env)
	if err != nil {
		return Config{}, &usageError{msg: err.Error()}
	}
	return cfg, nil
}

// required checks that each named flag was given a non-empty value.
func (c *command) required(names ...string) error {
	var missing []string
	for _, name := range names {
		if f := c.fs.Lookup(name); f != nil && strings.TrimSpace(f.Value.String()) == "" {
			missing = append(missing, "--"+name)
		}
	}
	switch len(missing) {
	case 0:
		return nil
	case 1:
		return usageErrorf("%s is required (see %s -h)", missing[0], c.name)
	}
	return usageErrorf("%s are required (see %s -h)", strings.Join(missing, ", "), c.name)
}
