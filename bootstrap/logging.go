package bootstrap

import (
	"io"
	"os"

	"github.com/sirupsen/logrus"
)

// NewLogger makes the service's logger on w: JSON, or text for "text", or for ""
// text when w is a terminal and JSON otherwise (SPEC.md's --log-format default).
func NewLogger(format string, w io.Writer) *logrus.Logger {
	l := logrus.New()
	l.SetOutput(w)
	if format == "" {
		format = LogJSON
		if isTerminal(w) {
			format = LogText
		}
	}
	if format == LogText {
		l.SetFormatter(&logrus.TextFormatter{FullTimestamp: true})
	} else {
		l.SetFormatter(&logrus.JSONFormatter{})
	}
	return l
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
