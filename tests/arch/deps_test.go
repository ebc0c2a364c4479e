// Package arch checks the dependency rule of the hexagonal layout: the domain
// (core, core/usecase) and the ports import only the standard library, core and
// ports; never an adapter, a driver, net/http or a logger.
package arch

import (
	"os/exec"
	"strings"
	"testing"
)

// forbiddenStd are standard packages that belong to adapters, not the domain.
var forbiddenStd = []string{"net/http", "database/sql", "log/slog", "os/exec"}

func TestDomainImportsNoAdapter(t *testing.T) {
	for _, pkg := range []string{"harriet/core", "harriet/core/usecase", "harriet/ports"} {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{.Standard}}", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			path, std, _ := strings.Cut(line, " ")
			if msg := violation(path, std == "true"); msg != "" {
				t.Errorf("%s depends on %s: %s", pkg, path, msg)
			}
		}
	}
}

func violation(path string, std bool) string {
	if std {
		for _, f := range forbiddenStd {
			if path == f {
				return "the domain must not use " + f + "; put it in an adapter behind a port"
			}
		}
		return ""
	}
	for _, ok := range []string{"harriet/core", "harriet/ports"} {
		if path == ok || strings.HasPrefix(path, ok+"/") {
			return ""
		}
	}
	return "only the standard library, core and ports are allowed"
}
