package boltstore

import (
	"encoding/json"
	"time"

	"harriet/core"
)

// Records are stored as JSON of the private record types of this package, mapped
// field by field from core's types, so renaming a core field never silently changes
// what is on disk. Times are Unix milliseconds: the precision every store keeps.

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func msPtr(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	v := ms(*t)
	return &v
}

func fromMSPtr(v *int64) *time.Time {
	if v == nil {
		return nil
	}
	t := fromMS(*v)
	return &t
}

func encode(what string, rec any) ([]byte, error) {
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, core.Wrap(core.Internal, err, "Could not encode the %s for the store.", what)
	}
	return b, nil
}

func decode(what string, b []byte, rec any) error {
	if err := json.Unmarshal(b, rec); err != nil {
		return core.Wrap(core.Internal, err, "A stored %s is unreadable.", what)
	}
	return nil
}

// cloneBytes copies a value out of a bbolt page, which is only valid during its
// transaction.
func cloneBytes(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}
