package bootstrap

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/sirupsen/logrus"

	"harriet/adapters/devidp"
)

// `harriet demo` shows the whole product in a minute without Okta: the service on a
// temporary bbolt store, a demo company, and the development OpenID provider of
// adapters/devidp on loopback standing in for Okta. Users and groups arrive through
// the real SCIM endpoints over HTTP, as Okta would send them. Everything is
// development-only: the provider signs in whoever is picked, so the demo listens on
// loopback only, and `serve` never starts the provider.

// demo is one running demo: its temporary folder, provider and server.
type demo struct {
	dir    string
	url    string
	idp    *devidp.Provider
	app    *App
	l      net.Listener
	seed   demoSeed
	halt   context.CancelFunc // stops the server
	served chan error         // the server's end
}

func cmdDemo(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	c := newCommand("harriet demo")
	addr := c.fs.String("addr", "127.0.0.1:8080", "listen address; loopback only (127.0.0.1, ::1 or localhost, any port, 0 for a free one)")
	logFormat := c.fs.String("log-format", "", "text or json (default: text on a terminal, else json); logs go to stderr")
	if _, err := c.parse(args, env, stdout); err != nil {
		return helpOK(err)
	}
	if err := loopbackOnly(*addr); err != nil {
		return err
	}
	log := NewLogger(strings.ToLower(*logFormat), stderr)
	log.SetLevel(logrus.WarnLevel) // the demo's own lines on stdout say what matters
	d, err := startDemo(ctx, *addr, log)
	if d != nil {
		defer d.stop(stdout)
	}
	if err != nil {
		return err
	}
	d.printWelcome(stdout)
	return d.serve(ctx)
}

// loopbackOnly refuses a listen address that others could reach: the development
// provider signs in anyone as anyone.
func loopbackOnly(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usageErrorf("--addr %q is not host:port (like 127.0.0.1:8080)", addr)
	}
	if ip := net.ParseIP(host); (ip != nil && ip.IsLoopback()) || strings.EqualFold(host, "localhost") {
		return nil
	}
	return usageErrorf("--addr %q: the demo listens on loopback only (127.0.0.1, ::1 or localhost), because its development OpenID provider signs in anyone", addr)
}

// startDemo makes the temporary store, starts the provider and the server, and
// seeds the demo company. On an error the returned demo (if any) still needs stop.
func startDemo(ctx context.Context, addr string, log *logrus.Logger) (*demo, error) {
	dir, err := os.MkdirTemp("", "harriet-demo-")
	if err != nil {
		return nil, fmt.Errorf("making the temporary store's folder: %w", err)
	}
	d := &demo{dir: dir}
	if d.l, err = net.Listen("tcp", addr); err != nil {
		return d, fmt.Errorf("--addr %s: %v", addr, err)
	}
	d.url = "http://" + d.l.Addr().String()
	if d.idp, err = devidp.Start(devidp.Options{Interactive: true}); err != nil {
		return d, fmt.Errorf("starting the development OpenID provider: %w", err)
	}
	cfg := DefaultConfig()
	cfg.Addr, cfg.PublicURL, cfg.Store = d.l.Addr().String(), d.url, "bbolt:"+filepath.Join(dir, "harriet.db")
	cfg.AllowInsecureIdP, cfg.SCIMRate = true, 0 // this process only: the provider is http on loopback
	if d.app, err = NewApp(ctx, cfg, WithLogger(log)); err != nil {
		return d, err
	}
	sctx, halt := context.WithCancel(ctx)
	d.halt, d.served = halt, make(chan error, 1)
	go func() { d.served <- d.app.Serve(sctx, d.l) }()
	if d.seed, err = seedDemo(ctx, d.app, d.idp, d.url); err != nil {
		return d, fmt.Errorf("setting up the demo company: %w", err)
	}
	return d, nil
}

// serve runs until Ctrl-C (ctx) or until the server fails.
func (d *demo) serve(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return nil
	case err := <-d.served:
		d.served = nil
		return err
	}
}

// stop shuts the server and the provider down, closes the store and removes the
// temporary folder.
func (d *demo) stop(stdout io.Writer) {
	switch {
	case d.halt != nil:
		d.halt()
		if d.served != nil {
			<-d.served
		}
	case d.l != nil:
		_ = d.l.Close()
	}
	if d.app != nil {
		_ = d.app.Close()
	}
	if d.idp != nil {
		_ = d.idp.Close()
	}
	if err := os.RemoveAll(d.dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(stdout, "Could not remove the temporary store %s: %v\n", d.dir, err)
		return
	}
	fmt.Fprintf(stdout, "\nThe demo stopped; its temporary store %s is removed.\n", d.dir)
}
