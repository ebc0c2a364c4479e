package bootstrap

import (
	"github.com/sirupsen/logrus"

	"harriet/adapters/httpmw"
	"harriet/adapters/keys"
	"harriet/ports"
)

// Option changes how NewApp builds an App, mostly for tests.
type Option func(*appOptions)

type appOptions struct {
	db       ports.Database
	log      *logrus.Logger
	root     *keys.Root
	clock    ports.Clock
	ids      ports.IDs
	sessions httpmw.SessionResolver
	noIdP    bool
}

// WithDatabase uses an already-open store instead of opening cfg.Store, so two
// Apps can share one store in one process. The App does not close it. Give the
// key too (WithRootKey or cfg.SecretKey): both Apps must use the same one.
func WithDatabase(db ports.Database) Option { return func(o *appOptions) { o.db = db } }

// WithLogger sends the App's logs to l instead of a new logger on stderr.
func WithLogger(l *logrus.Logger) Option { return func(o *appOptions) { o.log = l } }

// WithRootKey uses this root key instead of resolving it from the settings.
func WithRootKey(k keys.Root) Option { return func(o *appOptions) { o.root = &k } }

// WithClock replaces the wall clock (tests).
func WithClock(c ports.Clock) Option { return func(o *appOptions) { o.clock = c } }

// WithIDs replaces the ID generator (tests).
func WithIDs(ids ports.IDs) Option { return func(o *appOptions) { o.ids = ids } }

// WithSessionResolver lets the authenticator accept browser sessions.
func WithSessionResolver(r httpmw.SessionResolver) Option {
	return func(o *appOptions) { o.sessions = r }
}

// WithoutIdPChecks leaves an integration's discovery "not_checked" when it is saved,
// for tests whose Login Domains are not loopback IdPs: nothing then reaches out of
// 127.0.0.1. Sign-in still talks to the IdP.
func WithoutIdPChecks() Option { return func(o *appOptions) { o.noIdP = true } }
