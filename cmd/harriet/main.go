// Command harriet runs Harriet's identity service and its operator commands. It
// only hands the command line to bootstrap.Main; see `harriet help`.
package main

import (
	"os"

	"harriet/bootstrap"
)

func main() {
	os.Exit(bootstrap.Main(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}
