package bootstrap

import (
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/sirupsen/logrus"
)

// shutdownTimeout bounds how long in-flight requests get to finish at shutdown.
const shutdownTimeout = 20 * time.Second

// Serve serves the App on l until ctx is done, then stops taking requests, lets
// those in flight finish (up to shutdownTimeout) and returns. /readyz answers 503
// from the moment shutdown starts. The caller closes the App afterwards.
func (a *App) Serve(ctx context.Context, l net.Listener) error {
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          log.New(a.Log.WriterLevel(logrus.WarnLevel), "", 0),
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	a.draining.Store(true)
	a.Log.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-done; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// ListenLocal listens on a free loopback port and returns the listener with its
// http URL, to use as the public URL of an App served on it (tests).
func ListenLocal() (net.Listener, string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	return l, "http://" + l.Addr().String(), nil
}
