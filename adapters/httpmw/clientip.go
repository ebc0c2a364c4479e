package httpmw

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// TrustedProxies are the networks whose X-Forwarded-For is believed (--trusted-proxies).
type TrustedProxies []netip.Prefix

// ParseTrustedProxies reads a comma- or space-separated list of CIDRs; a bare
// address means that one address.
func ParseTrustedProxies(s string) (TrustedProxies, error) {
	var out TrustedProxies
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not a CIDR like 10.0.0.0/8 or an IP address", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// Contains reports whether a is inside one of the trusted networks.
func (tp TrustedProxies) Contains(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range tp {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ClientIP works out the client's address: the peer's, unless the peer is a
// trusted proxy, in which case X-Forwarded-For is walked from the right past the
// trusted hops, and the first address that is not a trusted proxy is the client.
// Addresses a client wrote itself (left of that) are never believed.
func (tp TrustedProxies) ClientIP(r *http.Request) netip.Addr {
	peer := parseAddr(r.RemoteAddr)
	if !peer.IsValid() || !tp.Contains(peer) {
		return peer
	}
	hops := forwardedFor(r.Header.Values("X-Forwarded-For"))
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a := parseAddr(hops[i])
		if !a.IsValid() {
			return client // garbage from here leftwards: stop at the last good hop
		}
		client = a
		if !tp.Contains(a) {
			return a
		}
	}
	return client
}

// Middleware records the client IP for the rest of the chain (ClientIPFrom).
func (tp TrustedProxies) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, in := withInfo(r)
		in.clientIP = tp.ClientIP(r)
		next.ServeHTTP(w, r)
	})
}

func forwardedFor(values []string) []string {
	var hops []string
	for _, v := range values {
		for _, h := range strings.Split(v, ",") {
			if h = strings.TrimSpace(h); h != "" {
				hops = append(hops, h)
			}
		}
	}
	return hops
}

// parseAddr reads "ip", "ip:port" or "[ipv6]:port"; invalid gives the zero Addr.
func parseAddr(s string) netip.Addr {
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil {
		return netip.Addr{}
	}
	return a.WithZone("").Unmap()
}

// limitKey is the key a per-client limit counts under: the address, or its /64
// for IPv6, since one IPv6 client usually holds a whole /64.
func limitKey(a netip.Addr) string {
	if !a.IsValid() {
		return "unknown"
	}
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
