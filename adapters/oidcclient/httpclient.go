package oidcclient

import (
	"errors"
	"io"
	"net"
	"net/http"
	"time"
)

// maxResponseBytes bounds every answer read from an IdP (discovery, keys, tokens,
// userinfo): a provider must never make Harriet read without end.
const maxResponseBytes = 1 << 20

// NewHTTPClient is the client used for every IdP call: timeouts at each stage, no
// redirects followed (a token request must never be re-sent elsewhere with the
// client's credentials), and answers cut at maxResponseBytes.
func NewHTTPClient(timeout time.Duration) *http.Client {
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	tr := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: timeout,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   8,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{
		Timeout:       timeout,
		Transport:     limitTransport{next: tr},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// limitTransport cuts every response body at maxResponseBytes.
type limitTransport struct{ next http.RoundTripper }

func (t limitTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	resp.Body = &limitedBody{r: io.LimitReader(resp.Body, maxResponseBytes+1), c: resp.Body}
	return resp, nil
}

// errTooLarge is what reading past the limit gives.
var errTooLarge = errors.New("the identity provider's answer is larger than 1 MiB")

type limitedBody struct {
	r io.Reader
	c io.Closer
	n int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.n += int64(n)
	if b.n > maxResponseBytes {
		return 0, errTooLarge
	}
	return n, err
}

func (b *limitedBody) Close() error { return b.c.Close() }
