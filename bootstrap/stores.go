package bootstrap

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/sirupsen/logrus"

	"harriet/adapters/boltstore"
	"harriet/adapters/mysqlstore"
	"harriet/ports"
)

// storeKind is one kind of store: how to open it from the part of --store after
// the scheme, and whether its root key lives in a file beside the database.
type storeKind struct {
	open      func(ctx context.Context, target string) (ports.Database, error)
	keyBeside bool
	form      string // how --store names it, for messages
	// logDriver, when set, sends the store driver's own messages to the log.
	logDriver func(logrus.FieldLogger)
}

// storeKinds maps the --store scheme to its store. Adding a store is one line.
var storeKinds = map[string]storeKind{
	"bbolt": {open: opener(openBolt), keyBeside: true, form: "bbolt:PATH"},
	"mysql": {open: opener(mysqlstore.Open), form: "mysql:DSN",
		logDriver: func(l logrus.FieldLogger) { _ = mysql.SetLogger(driverLog{l}) }},
}

// driverLog carries the MySQL driver's own messages (a dropped idle connection,
// say) into the service's log, in its format, instead of plain lines on stderr.
type driverLog struct{ log logrus.FieldLogger }

func (d driverLog) Print(v ...any) { d.log.WithField("component", "mysql-driver").Warn(v...) }

// opener adapts a store's Open to the registry, never wrapping a nil *DB in a
// non-nil interface.
func opener[D ports.Database](open func(ctx context.Context, target string) (D, error)) func(context.Context, string) (ports.Database, error) {
	return func(ctx context.Context, target string) (ports.Database, error) {
		db, err := open(ctx, target)
		if err != nil {
			return nil, err
		}
		return db, nil
	}
}

func openBolt(_ context.Context, path string) (*boltstore.DB, error) {
	return boltstore.Open(path, boltstore.Options{})
}

// parseStore splits --store into its kind and target. Messages never repeat the
// target: a DSN can hold a password.
func parseStore(v string) (storeKind, string, error) {
	scheme, target, ok := strings.Cut(v, ":")
	kind, known := storeKinds[strings.ToLower(scheme)]
	switch {
	case !ok || !known:
		return storeKind{}, "", fmt.Errorf("the store must be one of %s", storeForms())
	case strings.TrimSpace(target) == "":
		return storeKind{}, "", fmt.Errorf("%s: the part after %q is empty", kind.form, scheme+":")
	}
	return kind, target, nil
}

// storeDescription names the store for logs without its target's secrets.
func storeDescription(v string) string {
	scheme, _, _ := strings.Cut(v, ":")
	if kind, ok := storeKinds[strings.ToLower(scheme)]; ok && kind.keyBeside {
		return v // a file path
	}
	return scheme
}

func storeForms() string {
	var forms []string
	for _, k := range storeKinds {
		forms = append(forms, k.form)
	}
	sort.Strings(forms)
	return strings.Join(forms, " or ")
}
