package keys

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"

	"harriet/core"
)

// boxV1 prefixes every sealed value: AES-256-GCM, 12-byte random nonce. A later
// format gets another byte, so old values still open.
const boxV1 byte = 1

// SecretBox implements ports.SecretBox with AES-256-GCM under a subkey of the root
// key. The company ID is the associated data, so a value copied into another
// company's record does not open.
type SecretBox struct {
	aead cipher.AEAD
}

// NewSecretBox makes a box under the root key's subkey for purpose
// (PurposeOktaClientSecret for Okta client secrets).
func NewSecretBox(root Root, purpose string) (*SecretBox, error) {
	block, err := aes.NewCipher(root.Subkey(purpose))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &SecretBox{aead: aead}, nil
}

// Seal encrypts plaintext for companyID: version byte, nonce, ciphertext and tag.
func (b *SecretBox) Seal(companyID string, plaintext []byte) ([]byte, error) {
	if companyID == "" {
		return nil, core.E(core.Internal, "sealing a secret needs a company")
	}
	out := make([]byte, 1+b.aead.NonceSize(), 1+b.aead.NonceSize()+len(plaintext)+b.aead.Overhead())
	out[0] = boxV1
	if _, err := rand.Read(out[1:]); err != nil {
		return nil, core.Wrap(core.Internal, err, "could not seal a secret")
	}
	return b.aead.Seal(out, out[1:], plaintext, additional(companyID)), nil
}

// Open decrypts what Seal made for companyID. Internal when it does not open: the
// wrong company, a changed value, or another root key.
func (b *SecretBox) Open(companyID string, sealed []byte) ([]byte, error) {
	ns := b.aead.NonceSize()
	if len(sealed) < 1+ns+b.aead.Overhead() || sealed[0] != boxV1 {
		return nil, core.Wrap(core.Internal, errors.New("sealed value too short or of an unknown version"),
			"a stored secret could not be read; save it again")
	}
	pt, err := b.aead.Open(nil, sealed[1:1+ns], sealed[1+ns:], additional(companyID))
	if err != nil {
		return nil, core.Wrap(core.Internal, err,
			"a stored secret could not be read (was the secret key changed?); save it again")
	}
	return pt, nil
}

// additional binds the format version and the company to the ciphertext.
func additional(companyID string) []byte {
	return append([]byte{boxV1}, companyID...)
}
