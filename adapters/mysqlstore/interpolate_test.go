package mysqlstore

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// Whatever the DSN asks, connections interpolate parameters (one round trip per
// statement) and talk utf8mb4, the charset that makes interpolation safe.
func TestConfigForcesInterpolationOverUTF8MB4(t *testing.T) {
	cfg, err := config("u:p@tcp(127.0.0.1:3306)/harriet?interpolateParams=false&charset=latin1")
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.InterpolateParams {
		t.Error("InterpolateParams is off")
	}
	if cfg.MultiStatements {
		t.Error("MultiStatements is on")
	}
	if got := cfg.Params["charset"]; got != "" && got != "utf8mb4" {
		t.Errorf("charset param %q survives", got)
	}
	if dsn := cfg.FormatDSN(); !strings.Contains(dsn, "utf8mb4") || !strings.Contains(dsn, "interpolateParams=true") {
		t.Errorf("DSN %s does not force utf8mb4 and interpolation", dsn)
	}
}

// Values that need escaping come back byte for byte: quotes, backslashes, NUL,
// multi-byte text and bytes that are not UTF-8 in binary columns.
func TestInterpolatedValuesRoundTrip(t *testing.T) {
	d := migrated(t)
	ctx := context.Background()
	co := mkCompany(t, d, "acme")
	name := "o'brien\\\"x\x00y; DROP TABLE users; -- ☃ 𝄞"
	u := mkUser(co.ID, name, "o'b\\r@acme.test")
	if err := d.Users().Create(ctx, u); err != nil {
		t.Fatal(err)
	}
	got, err := d.Users().Get(ctx, co.ID, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.UserName != name || got.PrimaryEmail() != u.PrimaryEmail() {
		t.Fatalf("stored %q %q, want %q %q", got.UserName, got.PrimaryEmail(), name, u.PrimaryEmail())
	}
	var raw []byte
	if err := d.db.QueryRowContext(ctx, "SELECT ? ", []byte{0, '\'', '\\', 0xff, 0xfe}).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, []byte{0, '\'', '\\', 0xff, 0xfe}) {
		t.Fatalf("binary round trip gave %x", raw)
	}
}
