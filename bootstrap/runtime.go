package bootstrap

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/sirupsen/logrus"

	"harriet/adapters/keys"
	"harriet/adapters/passwords"
	"harriet/adapters/system"
	"harriet/core"
	"harriet/core/usecase"
	"harriet/ports"
)

// runtime is what every command that opens the store shares: the store, the root
// key, the use cases and the logger.
type runtime struct {
	cfg     Config
	db      ports.Database
	ownsDB  bool
	root    keys.Root
	svc     *usecase.Service
	log     *logrus.Logger
	schema  *schemaCheck
	keyInfo keys.Loaded
}

// openRuntime resolves the key, opens the store and applies --migrate. An older
// schema with --migrate off is not an error here: serve stays up and answers 503,
// the other commands refuse (requireCurrentSchema). A newer schema is an error.
func openRuntime(ctx context.Context, cfg Config, o *appOptions) (*runtime, error) {
	rt := &runtime{cfg: cfg, log: o.log}
	if rt.log == nil {
		rt.log = NewLogger(cfg.LogFormat, os.Stderr)
	}
	if err := rt.loadKey(o); err != nil {
		return nil, err
	}
	if err := rt.openStore(ctx, o); err != nil {
		return nil, err
	}
	if err := rt.applyMigrate(ctx); err != nil {
		rt.close()
		return nil, err
	}
	box, err := keys.NewSecretBox(rt.root, keys.PurposeOktaClientSecret)
	if err != nil {
		rt.close()
		return nil, err
	}
	rt.svc = &usecase.Service{Store: rt.db, Clock: o.clockOr(), IDs: o.idsOr(), Passwords: passwords.Bcrypt{}, Secrets: box, AllowInsecureIdP: cfg.AllowInsecureIdP}
	return rt, nil
}

func (o *appOptions) clockOr() ports.Clock {
	if o.clock != nil {
		return o.clock
	}
	return system.Clock{}
}

func (o *appOptions) idsOr() ports.IDs {
	if o.ids != nil {
		return o.ids
	}
	return system.IDs{}
}

// loadKey finds the root key before the store is opened, so that a bbolt file is
// never created without its key file.
func (rt *runtime) loadKey(o *appOptions) error {
	if o.root != nil {
		rt.root = *o.root
		return nil
	}
	kind, target, err := rt.store()
	if err != nil {
		return err
	}
	src := keys.Source{File: rt.cfg.SecretKeyFile, Inline: rt.cfg.SecretKey}
	if kind.keyBeside && o.db == nil {
		src.DBPath = target
	}
	loaded, err := keys.Resolve(src)
	switch {
	case errors.Is(err, keys.ErrKeyRequired):
		return usageErrorf("%s: %v", kind.form, err)
	case err != nil && rt.keySetting() != "":
		return fmt.Errorf("bad setting %s: %w", rt.keySetting(), err)
	case err != nil:
		return fmt.Errorf("secret key: %w", err)
	}
	for _, w := range loaded.Warnings {
		rt.log.Warn(w)
	}
	if loaded.Created {
		rt.log.WithField("key_file", loaded.Origin).
			Info("made a new secret key file; keep it with the database (backups need both)")
	}
	rt.root, rt.keyInfo = loaded.Root, loaded
	return nil
}

func (rt *runtime) openStore(ctx context.Context, o *appOptions) error {
	if o.db != nil {
		rt.db = o.db
		return nil
	}
	kind, target, err := rt.store()
	if err != nil {
		return err
	}
	if kind.logDriver != nil {
		kind.logDriver(rt.log)
	}
	db, err := kind.open(ctx, target)
	if core.IsKind(err, core.Invalid) { // a DSN that does not parse: the setting is wrong
		return usageErrorf("bad setting %s: %s", rt.cfg.settingName("store"), core.MessageOf(err))
	}
	if err != nil {
		return err
	}
	rt.db, rt.ownsDB = db, true
	return nil
}

// store parses --store and, for a file store, checks that the directory the file
// is (or will be) in exists, before a key file or a database is made there; the
// message names the setting as the operator gave it.
func (rt *runtime) store() (storeKind, string, error) {
	name := rt.cfg.settingName("store")
	kind, target, err := parseStore(rt.cfg.Store)
	if err != nil {
		return storeKind{}, "", usageErrorf("bad setting %s: %v", name, err)
	}
	if !kind.keyBeside {
		return kind, target, nil
	}
	dir := filepath.Dir(target)
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return storeKind{}, "", fmt.Errorf("bad setting %s: the directory %s does not exist; create it, or give a path in a directory that exists", name, dir)
	case err != nil:
		return storeKind{}, "", fmt.Errorf("bad setting %s: %v", name, err)
	case !info.IsDir():
		return storeKind{}, "", fmt.Errorf("bad setting %s: %s is not a directory", name, dir)
	}
	if info, err := os.Stat(target); err == nil && info.IsDir() {
		return storeKind{}, "", fmt.Errorf("bad setting %s: %s is a directory; give the path of the database file in it, like %s", name, target, filepath.Join(target, "harriet.db"))
	}
	return kind, target, nil
}

// applyMigrate migrates with --migrate auto; then it records whether the schema is
// current. A schema newer than the binary stops here.
func (rt *runtime) applyMigrate(ctx context.Context) error {
	if rt.cfg.Migrate != MigrateOff {
		if err := rt.db.Migrate(ctx); err != nil {
			return err
		}
	}
	rt.schema = newSchemaCheck(rt.db)
	have, want, err := rt.db.SchemaStatus(ctx)
	if err != nil {
		return err
	}
	if have > want {
		return core.E(core.Precondition, "The store's schema version is %d, newer than this harriet binary's %d: run a newer harriet binary.", have, want)
	}
	return nil
}

// checkKey stops a server whose root key does not open the Okta client secrets saved
// in the store (a key file of another installation, a mistyped HARRIET_SECRET_KEY):
// it would otherwise run and fail every Okta sign-in. One line names where the key
// came from. An older schema (--migrate off) is not read: that server answers 503
// until it is migrated.
func (rt *runtime) checkKey(ctx context.Context) error {
	if ok, _ := rt.schema.current(ctx); !ok {
		return nil
	}
	err := usecase.CheckSecretKey(ctx, rt.db, rt.svc.Secrets)
	if core.IsKind(err, core.Precondition) {
		return fmt.Errorf("bad setting %s: %s", rt.keyName(), core.MessageOf(err))
	}
	return err
}

// keySetting is the flag or variable the operator gave the key with, "" when the
// key is the file beside the database (or was handed over in code).
func (rt *runtime) keySetting() string {
	switch {
	case rt.cfg.SecretKeyFile != "":
		return rt.cfg.settingName("secret-key-file")
	case rt.cfg.SecretKey != "":
		return "HARRIET_SECRET_KEY"
	}
	return ""
}

// keyName names where the root key came from: the setting with its file, or the
// key file beside the database. Never the key.
func (rt *runtime) keyName() string {
	switch {
	case rt.cfg.SecretKeyFile != "":
		return rt.keySetting() + " (" + rt.cfg.SecretKeyFile + ")"
	case rt.cfg.SecretKey != "":
		return rt.keySetting()
	case rt.keyInfo.Origin != "":
		return "the key file beside the database (" + rt.keyInfo.Origin + "; or give --secret-key-file)"
	}
	return "the secret key"
}

// requireCurrentSchema refuses to work on an older schema (commands other than serve).
func (rt *runtime) requireCurrentSchema(ctx context.Context) error {
	if ok, reason := rt.schema.current(ctx); !ok {
		return errors.New(reason)
	}
	return nil
}

// close closes the store if this runtime opened it.
func (rt *runtime) close() error {
	if rt.ownsDB && rt.db != nil {
		return rt.db.Close()
	}
	return nil
}
