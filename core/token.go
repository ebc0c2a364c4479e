package core

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"hash/crc32"
	"math/big"
	"strings"
	"time"
)

// TokenScope is the kind of an API token.
type TokenScope string

// The two kinds of API token (SPEC.md).
const (
	// ScopePersonal acts as its creator, with the creator's roles at each use.
	ScopePersonal TokenScope = "personal"
	// ScopeSCIM is a company credential for Okta, usable on /scim/v2 only.
	ScopeSCIM TokenScope = "scim"
)

// Token is an API token. Only the SHA-256 of the secret is kept.
type Token struct {
	ID         string
	CompanyID  string
	Name       string
	Scope      TokenScope
	Prefix     string // the first characters of the token, to recognise it in lists
	Hash       []byte // SHA-256 of the whole token
	CreatedBy  string // user ID
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// TokenPrefix starts every Harriet API token, so a leaked one is recognisable.
const TokenPrefix = "hrt_"

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// tokenBodyLen is 256 random bits in base62; checksumLen is a CRC32 in base62.
const (
	tokenBodyLen = 43
	checksumLen  = 6
)

// NewTokenSecret makes a token: hrt_ + 256 random bits + a CRC32 checksum, all base62,
// so a typo or a truncated paste is caught before any lookup.
func NewTokenSecret() (string, error) {
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return "", Wrap(Internal, err, "could not make a token")
	}
	body := encodeBase62(new(big.Int).SetBytes(buf), tokenBodyLen)
	return TokenPrefix + body + tokenChecksum(body), nil
}

// WellFormedToken reports whether s looks like a Harriet token with a valid checksum.
func WellFormedToken(s string) bool {
	if !strings.HasPrefix(s, TokenPrefix) || len(s) != len(TokenPrefix)+tokenBodyLen+checksumLen {
		return false
	}
	body := s[len(TokenPrefix) : len(s)-checksumLen]
	return tokenChecksum(body) == s[len(s)-checksumLen:]
}

// HashToken is how tokens and session IDs are stored: SHA-256 only.
func HashToken(secret string) []byte {
	sum := sha256.Sum256([]byte(secret))
	return sum[:]
}

// DisplayPrefix is the part of a token shown in lists.
func DisplayPrefix(secret string) string {
	if len(secret) < len(TokenPrefix)+6 {
		return secret
	}
	return secret[:len(TokenPrefix)+6]
}

func tokenChecksum(body string) string {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], crc32.ChecksumIEEE([]byte(body)))
	return encodeBase62(new(big.Int).SetBytes(b[:]), checksumLen)
}

func encodeBase62(n *big.Int, width int) string {
	out := make([]byte, width)
	base := big.NewInt(62)
	mod := new(big.Int)
	for i := width - 1; i >= 0; i-- {
		n.DivMod(n, base, mod)
		out[i] = base62[mod.Int64()]
	}
	return string(out)
}

// Usable reports whether the token has not been revoked.
func (t Token) Usable() bool { return t.RevokedAt == nil }
