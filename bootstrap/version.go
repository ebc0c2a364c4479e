package bootstrap

import (
	"fmt"
	"io"
	"runtime/debug"
)

// Version and Commit are set at build time:
//
//	go build -ldflags "-X harriet/bootstrap.Version=1.2.0 -X harriet/bootstrap.Commit=abc1234" ./cmd/harriet
var (
	Version = "dev"
	Commit  = "unknown"
)

// versionLine is `harriet version`'s output: harriet VERSION (COMMIT). Without
// -ldflags the commit comes from the build's VCS stamp when there is one.
func versionLine() string {
	version, commit := Version, Commit
	if info, ok := debug.ReadBuildInfo(); ok {
		if version == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			version = info.Main.Version
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && commit == "unknown" && s.Value != "" {
				commit = s.Value
				if len(commit) > 12 {
					commit = commit[:12]
				}
			}
		}
	}
	return fmt.Sprintf("harriet %s (%s)", version, commit)
}

func cmdVersion(args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usageErrorf("harriet version takes no arguments")
	}
	_, err := fmt.Fprintln(stdout, versionLine())
	return err
}
