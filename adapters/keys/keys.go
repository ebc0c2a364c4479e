// Package keys holds Harriet's root key and what is derived from it: one 32-byte
// root key, separate subkeys per purpose (HKDF-SHA256), and the SecretBox that
// encrypts Okta client secrets at rest.
package keys

import (
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/crypto/hkdf"
)

// Size is the length of the root key in bytes.
const Size = 32

// Purposes of the subkeys. Each use of the root key gets its own subkey, so a key
// that leaks from one use (a signed cookie, say) says nothing about another.
const (
	PurposeOktaClientSecret = "okta-client-secret"
	PurposeFlowCookie       = "flow-cookie"
)

// Root is the root key. Its zero value is not a key: use Parse, FromBytes or Resolve.
type Root struct {
	b   [Size]byte
	set bool
}

// FromBytes makes a root key from exactly 32 bytes.
func FromBytes(b []byte) (Root, error) {
	if len(b) != Size {
		return Root{}, fmt.Errorf("a root key is %d bytes, not %d", Size, len(b))
	}
	var k Root
	copy(k.b[:], b)
	k.set = true
	return k, nil
}

// Parse reads a root key written as base64 (standard or URL alphabet, padding
// optional), the form of HARRIET_SECRET_KEY and of key files.
func Parse(s string) (Root, error) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) != Size {
				return Root{}, fmt.Errorf("the key is %d bytes once decoded; it must be %d (make one with: head -c 32 /dev/urandom | base64)", len(b), Size)
			}
			return FromBytes(b)
		}
	}
	return Root{}, errors.New("the key is not base64 (make one with: head -c 32 /dev/urandom | base64)")
}

// Valid reports whether k holds a key.
func (k Root) Valid() bool { return k.set }

// String never shows the key, so a key printed by mistake does not leak.
func (k Root) String() string { return "keys.Root(redacted)" }

// GoString never shows the key either (%#v).
func (k Root) GoString() string { return k.String() }

// Encode returns the key as standard base64, the form key files hold.
func (k Root) Encode() string { return base64.StdEncoding.EncodeToString(k.b[:]) }

// Subkey derives the 32-byte key for one purpose with HKDF-SHA256. The same root and
// purpose always give the same subkey, on every node.
func (k Root) Subkey(purpose string) []byte {
	if !k.set {
		panic("keys: Subkey on an empty root key")
	}
	out := make([]byte, Size)
	if _, err := io.ReadFull(hkdf.New(sha256.New, k.b[:], nil, []byte("harriet/"+purpose)), out); err != nil {
		panic("keys: hkdf: " + err.Error()) // only for lengths over 255*32 bytes
	}
	return out
}
