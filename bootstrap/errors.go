package bootstrap

import (
	"errors"
	"fmt"
	"strings"

	"harriet/core"
)

// usageError is a mistake on the command line or in a setting: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// argError turns a use case's core.Invalid error, which is about a value the
// operator gave on the command line (a slug, an email, a password), into a usage
// error (exit 2) that names the flag the value came from: flags maps the error's
// Field to its flag. Other errors pass unchanged.
func argError(err error, flags map[string]string) error {
	var ce *core.Error
	if !errors.As(err, &ce) || ce.Kind != core.Invalid {
		return err
	}
	if flag := flags[ce.Field]; flag != "" {
		return usageErrorf("%s: %s", flag, ce.Message)
	}
	return usageErrorf("%s", ce.Message)
}

// Exit codes (SPEC.md, "Command line").
const (
	exitOK      = 0
	exitRuntime = 1
	exitUsage   = 2
)

// exitCode maps an error to the command's exit code.
func exitCode(err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		return exitUsage
	}
	return exitRuntime
}

// oneLine renders an error for the operator on one line: a core error's message
// (with its cause when it is internal, since the operator is the one to fix it).
func oneLine(err error) string {
	msg := err.Error()
	var ce *core.Error
	if errors.As(err, &ce) {
		msg = ce.Message
		if ce.Kind == core.Internal && ce.Err != nil {
			msg += ": " + ce.Err.Error()
		}
		if wrapped := strings.TrimSuffix(err.Error(), ce.Error()); wrapped != "" && wrapped != err.Error() {
			msg = wrapped + msg
		}
	}
	return strings.Join(strings.Fields(msg), " ")
}
