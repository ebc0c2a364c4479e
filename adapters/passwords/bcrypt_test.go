package passwords

import (
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func TestHashAndVerify(t *testing.T) {
	b := Bcrypt{Cost: bcrypt.MinCost}
	h, err := b.Hash("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(h), "correct horse") {
		t.Fatal("hash contains the password")
	}
	if ok, err := b.Verify(h, "correct horse"); !ok || err != nil {
		t.Fatalf("right password: ok=%v err=%v", ok, err)
	}
	if ok, err := b.Verify(h, "wrong horse"); ok || err != nil {
		t.Fatalf("wrong password: ok=%v err=%v", ok, err)
	}
	if ok, err := b.Verify(nil, "anything"); ok || err != nil {
		t.Fatalf("no hash: ok=%v err=%v", ok, err)
	}
	if _, err := b.Verify([]byte("not a bcrypt hash"), "x"); err == nil {
		t.Fatal("a corrupt hash must be an error, not a mismatch")
	}
}
