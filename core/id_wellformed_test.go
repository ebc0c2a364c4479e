package core

import "testing"

func TestWellFormedID(t *testing.T) {
	for _, ok := range []string{"0193a7c2-5e4f-7d1a-9b2c-3d4e5f6a7b8c", "00000000-0000-0000-0000-000000000000"} {
		if !WellFormedID(ok) {
			t.Errorf("%q refused", ok)
		}
	}
	for _, bad := range []string{"", "garbage", "ghost-1", "0193A7C2-5E4F-7D1A-9B2C-3D4E5F6A7B8C",
		"0193a7c25e4f7d1a9b2c3d4e5f6a7b8c", "0193a7c2-5e4f-7d1a-9b2c-3d4e5f6a7b8", "0193a7c2-5e4f-7d1a-9b2c-3d4e5f6a7b8cd",
		"0193a7c2_5e4f-7d1a-9b2c-3d4e5f6a7b8c", "0193a7c2-5e4f-7d1a-9b2c-3d4e5f6a7b8g", "{0193a7c2-5e4f-7d1a-9b2c-3d4e5f6a7b8}"} {
		if WellFormedID(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}
