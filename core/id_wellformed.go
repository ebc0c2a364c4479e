package core

// WellFormedID reports whether s has the exact form of the IDs Harriet makes
// (ports.IDs, UUIDv7 from adapters/system): a UUID in canonical text form, 8-4-4-4-12
// lower-case hexadecimal digits. It is stricter than PlausibleID, for values that
// must be one of Harriet's IDs to mean anything, like a list's cursor: one that is
// not is refused as a mistake instead of answering an empty page.
func WellFormedID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
	}
	return true
}
