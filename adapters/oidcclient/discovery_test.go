package oidcclient_test

import (
	"context"
	"encoding/json"
	"net"
	"strings"
	"testing"

	"harriet/adapters/devidp"
	"harriet/adapters/oidcclient"
	"harriet/core"
	"harriet/ports"
)

func portsAuth(state, nonce, challenge, hint string) ports.AuthRequest {
	return ports.AuthRequest{State: state, Nonce: nonce, CodeChallenge: challenge, LoginHint: hint}
}

func startIdP(t *testing.T) *devidp.Provider {
	t.Helper()
	idp, err := devidp.Start(devidp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idp.Close() })
	return idp
}

func TestDiscoverOrgAndCustomServer(t *testing.T) {
	idp := startIdP(t)
	c := oidcclient.New(oidcclient.Options{})
	for _, as := range []string{"", "default"} {
		d, err := c.Discover(context.Background(), idp.Issuer(as))
		if err != nil || d.Status != core.DiscoveryOK {
			t.Fatalf("%q: %+v %v", as, d, err)
		}
		var md map[string]any
		if err := json.Unmarshal(d.Metadata, &md); err != nil || md["issuer"] != idp.Issuer(as) {
			t.Fatalf("metadata %s", d.Metadata)
		}
		if want := idp.Issuer(as); as == "" && md["token_endpoint"] != want+"/oauth2/v1/token" ||
			as != "" && md["token_endpoint"] != want+"/v1/token" {
			t.Fatalf("token endpoint %v", md["token_endpoint"])
		}
	}
}

func TestDiscoverIssuerMismatchNamesBoth(t *testing.T) {
	idp := startIdP(t)
	idp.SetFaults(devidp.Faults{DiscoveryIssuer: "https://login.acme.com"})
	_, err := oidcclient.New(oidcclient.Options{}).Discover(context.Background(), idp.Issuer(""))
	if !core.IsKind(err, core.Invalid) {
		t.Fatalf("err %v", err)
	}
	msg := core.MessageOf(err)
	for _, want := range []string{idp.Issuer(""), "https://login.acme.com", "custom domain", "login.acme.com as the Login Domain"} {
		if !strings.Contains(msg, want) {
			t.Fatalf("message %q lacks %q", msg, want)
		}
	}
}

func TestDiscoverUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	d, err := oidcclient.New(oidcclient.Options{}).Discover(context.Background(), "http://"+addr)
	if err != nil || d.Status != core.DiscoveryUnreachable || !strings.Contains(d.Message, "Could not reach") {
		t.Fatalf("%+v %v", d, err)
	}
	idp := startIdP(t)
	idp.SetFaults(devidp.Faults{DiscoveryDown: true})
	d, err = oidcclient.New(oidcclient.Options{}).Discover(context.Background(), idp.Issuer(""))
	if err != nil || d.Status != core.DiscoveryUnreachable || !strings.Contains(d.Message, "503") {
		t.Fatalf("%+v %v", d, err)
	}
	d, err = oidcclient.New(oidcclient.Options{}).Discover(context.Background(), idp.URL()+"/oauth2/nosuchserver")
	if err != nil || d.Status != core.DiscoveryUnreachable || !strings.Contains(d.Message, "404") {
		t.Fatalf("%+v %v", d, err)
	}
}
