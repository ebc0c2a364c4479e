package bootstrap

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/sirupsen/logrus"
)

func cmdServe(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	c := newCommand("harriet serve").withSettings()
	cfg, err := c.parse(args, env, stdout)
	if err != nil {
		return helpOK(err)
	}
	log := NewLogger(cfg.LogFormat, stderr)
	l, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("--addr %s: %v", cfg.Addr, err)
	}
	app, err := NewApp(ctx, cfg, WithLogger(log))
	if err != nil {
		_ = l.Close()
		return err
	}
	defer func() {
		if err := app.Close(); err != nil {
			log.WithError(err).Error("closing the store")
		}
	}()
	log.WithFields(logrus.Fields{
		"addr": l.Addr().String(), "public_url": cfg.PublicURL, "store": storeDescription(cfg.Store),
		"version": versionLine(), "migrate": cfg.Migrate,
	}).Info("harriet is serving")
	app.hintBootstrap(ctx)
	if err := app.Serve(ctx, l); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// hintBootstrap logs how to create the first company when the store has none; the
// server keeps running either way.
func (a *App) hintBootstrap(ctx context.Context) {
	companies, err := a.DB.Companies().List(ctx)
	if err != nil || len(companies) > 0 {
		return
	}
	a.Log.Warn(bootstrapHint(a.Config))
}

// bootstrapHint is the exact command that creates the first company with this
// server's store and key. A DSN is never repeated: it may hold a password.
func bootstrapHint(cfg Config) string {
	parts := []string{"harriet bootstrap"}
	kind, _, _ := parseStore(cfg.Store)
	if kind.keyBeside {
		parts = append(parts, "--store "+shellQuote(cfg.Store))
	}
	if cfg.SecretKeyFile != "" {
		parts = append(parts, "--secret-key-file "+shellQuote(cfg.SecretKeyFile))
	}
	parts = append(parts, `--company acme --name "Acme Inc" --owner-email you@acme.com`)
	cmd := strings.Join(parts, " ")
	if kind.keyBeside {
		return "The store has no company yet. Stop this server (a bbolt file is held by one process), create the first company and its Owner with: " + cmd + " ; then start the server again."
	}
	return "The store has no company yet. Create the first company and its Owner, with the same HARRIET_STORE and secret key, with: " + cmd
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@+,", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
