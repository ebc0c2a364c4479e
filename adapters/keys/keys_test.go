package keys

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"harriet/core"
	"harriet/ports"
)

var _ ports.SecretBox = (*SecretBox)(nil)

func testRoot(t *testing.T) Root {
	t.Helper()
	k, err := FromBytes(bytes.Repeat([]byte{7}, Size))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSubkeysDifferPerPurposeAndAreStable(t *testing.T) {
	k := testRoot(t)
	a, b := k.Subkey(PurposeOktaClientSecret), k.Subkey(PurposeFlowCookie)
	if len(a) != 32 || len(b) != 32 {
		t.Fatalf("subkey lengths %d %d", len(a), len(b))
	}
	if bytes.Equal(a, b) {
		t.Fatal("two purposes gave the same subkey")
	}
	if !bytes.Equal(a, k.Subkey(PurposeOktaClientSecret)) {
		t.Fatal("same purpose gave another subkey")
	}
	if bytes.Equal(a, bytes.Repeat([]byte{7}, Size)) {
		t.Fatal("subkey equals the root key")
	}
	if strings.Contains(k.String()+k.GoString(), k.Encode()) {
		t.Fatal("String shows the key")
	}
}

func TestParse(t *testing.T) {
	raw := bytes.Repeat([]byte{0xfb}, Size)
	for _, s := range []string{
		base64.StdEncoding.EncodeToString(raw),
		base64.RawURLEncoding.EncodeToString(raw) + "\n",
	} {
		k, err := Parse(s)
		if err != nil || !k.Valid() || k.Encode() != base64.StdEncoding.EncodeToString(raw) {
			t.Fatalf("Parse(%q) = %v, %v", s, k, err)
		}
	}
	if _, err := Parse(base64.StdEncoding.EncodeToString(raw[:16])); err == nil || !strings.Contains(err.Error(), "16 bytes") {
		t.Fatalf("short key: %v", err)
	}
	if _, err := Parse("not base64 at all!"); err == nil {
		t.Fatal("garbage accepted")
	}
}

func TestSecretBox(t *testing.T) {
	box, err := NewSecretBox(testRoot(t), PurposeOktaClientSecret)
	if err != nil {
		t.Fatal(err)
	}
	secret := []byte("okta-client-secret-value")
	sealed, err := box.Seal("company-a", secret)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, secret) || sealed[0] != boxV1 {
		t.Fatalf("sealed value shows the secret or lacks the version: %x", sealed)
	}
	again, _ := box.Seal("company-a", secret)
	if bytes.Equal(sealed, again) {
		t.Fatal("two seals are equal: nonce not random")
	}
	got, err := box.Open("company-a", sealed)
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("round trip: %q %v", got, err)
	}

	t.Run("wrong company", func(t *testing.T) {
		if _, err := box.Open("company-b", sealed); !core.IsKind(err, core.Internal) {
			t.Fatalf("opened for another company: %v", err)
		}
	})
	t.Run("tampered", func(t *testing.T) {
		for i := range sealed {
			bad := bytes.Clone(sealed)
			bad[i] ^= 0x01
			if _, err := box.Open("company-a", bad); err == nil {
				t.Fatalf("flipping byte %d still opened", i)
			}
		}
		if _, err := box.Open("company-a", sealed[:len(sealed)-1]); err == nil {
			t.Fatal("truncated value opened")
		}
	})
	t.Run("other key or purpose", func(t *testing.T) {
		other, _ := NewSecretBox(testRoot(t), PurposeFlowCookie)
		if _, err := other.Open("company-a", sealed); err == nil {
			t.Fatal("opened under another purpose's subkey")
		}
	})
}

func TestKeyFileBesideDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "harriet.db")
	first, err := Resolve(Source{DBPath: db})
	if err != nil || !first.Created || !first.Root.Valid() {
		t.Fatalf("first start: %+v %v", first, err)
	}
	info, err := os.Stat(BesidePath(db))
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Fatalf("key file mode %04o, want 0600", perm)
	}
	if err := os.WriteFile(db, []byte("x"), 0o600); err != nil { // the database now exists
		t.Fatal(err)
	}
	second, err := Resolve(Source{DBPath: db})
	if err != nil || second.Created || len(second.Warnings) != 0 {
		t.Fatalf("second start: %+v %v", second, err)
	}
	if second.Root.Encode() != first.Root.Encode() {
		t.Fatal("the key file was not reused")
	}

	t.Run("loose mode warns", func(t *testing.T) {
		if err := os.Chmod(BesidePath(db), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := Resolve(Source{DBPath: db})
		if err != nil || len(got.Warnings) != 1 || !strings.Contains(got.Warnings[0], "chmod 600") {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("database without its key is refused", func(t *testing.T) {
		if err := os.Remove(BesidePath(db)); err != nil {
			t.Fatal(err)
		}
		_, err := Resolve(Source{DBPath: db})
		if err == nil || !strings.Contains(err.Error(), "key file") {
			t.Fatalf("got %v", err)
		}
		if _, statErr := os.Stat(BesidePath(db)); statErr == nil {
			t.Fatal("a new key file was made for an existing database")
		}
	})
}

func TestResolveOrder(t *testing.T) {
	dir := t.TempDir()
	fileKey, err := CreateFile(filepath.Join(dir, "k"))
	if err != nil {
		t.Fatal(err)
	}
	inline := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1}, Size))
	got, err := Resolve(Source{File: filepath.Join(dir, "k"), Inline: inline, DBPath: filepath.Join(dir, "db")})
	if err != nil || got.Root.Encode() != fileKey.Encode() {
		t.Fatalf("file should win: %v", err)
	}
	got, err = Resolve(Source{Inline: inline, DBPath: filepath.Join(dir, "db")})
	if err != nil || got.Root.Encode() != inline || got.Origin != "HARRIET_SECRET_KEY" {
		t.Fatalf("inline should win over the file beside the db: %v", err)
	}
	if _, err := Resolve(Source{}); err != ErrKeyRequired {
		t.Fatalf("no key for a store without a file: %v", err)
	}
	if _, err := CreateFile(filepath.Join(dir, "k")); err == nil {
		t.Fatal("CreateFile overwrote a key file")
	}
	raw := bytes.Repeat([]byte{9}, Size)
	if err := os.WriteFile(filepath.Join(dir, "raw"), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if k, _, err := ReadFile(filepath.Join(dir, "raw")); err != nil || !bytes.Equal(k.b[:], raw) {
		t.Fatalf("raw key file: %v", err)
	}
}
