package contract

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"
)

// same fails the test when got and want differ. Times compare with Equal (a store may
// return another *time.Location for UTC), and a nil slice or map equals an empty one.
func same(t *testing.T, what string, got, want any) {
	t.Helper()
	if d := diff("", reflect.ValueOf(got), reflect.ValueOf(want)); d != "" {
		t.Fatalf("%s: %s\n got: %+v\nwant: %+v", what, d, got, want)
	}
}

var timeType = reflect.TypeOf(time.Time{})

func diff(path string, a, b reflect.Value) string {
	if !a.IsValid() || !b.IsValid() {
		if a.IsValid() != b.IsValid() {
			return path + ": one side is nil"
		}
		return ""
	}
	if a.Type() != b.Type() {
		return fmt.Sprintf("%s: type %s, want %s", path, a.Type(), b.Type())
	}
	if a.Type() == timeType {
		ta, tb := a.Interface().(time.Time), b.Interface().(time.Time)
		if !ta.Equal(tb) {
			return fmt.Sprintf("%s: %s, want %s", path, ta.Format(time.RFC3339Nano), tb.Format(time.RFC3339Nano))
		}
		return ""
	}
	return diffKind(path, a, b)
}

// diffKind compares two values of the same type, other than time.Time.
func diffKind(path string, a, b reflect.Value) string {
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Sprintf("%s: nil is %v, want %v", path, a.IsNil(), b.IsNil())
			}
			return ""
		}
		return diff(path, a.Elem(), b.Elem())
	case reflect.Struct:
		for i := range a.NumField() {
			if d := diff(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: length %d, want %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if d := diff(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Map:
		return diffMap(path, a, b)
	}
	if !reflect.DeepEqual(a.Interface(), b.Interface()) {
		return fmt.Sprintf("%s: %v, want %v", path, a.Interface(), b.Interface())
	}
	return ""
}

func diffMap(path string, a, b reflect.Value) string {
	if a.Len() != b.Len() {
		return fmt.Sprintf("%s: %d entries, want %d", path, a.Len(), b.Len())
	}
	for _, k := range b.MapKeys() {
		av := a.MapIndex(k)
		if !av.IsValid() {
			return fmt.Sprintf("%s[%v]: missing", path, k)
		}
		if d := diff(fmt.Sprintf("%s[%v]", path, k), av, b.MapIndex(k)); d != "" {
			return d
		}
	}
	return ""
}

// asJSON is what a map of audit details reads back as: stores keep details as JSON,
// so numbers come back as float64 and lists as []any.
func asJSON(t *testing.T, m map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// sameIDs fails unless got lists exactly want, in order.
func sameIDs(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !slices.Equal(got, want) {
		t.Fatalf("%s: got IDs %v, want %v", what, got, want)
	}
}

// sameSet fails unless got holds exactly want, in any order.
func sameSet(t *testing.T, what string, got, want []string) {
	t.Helper()
	sameIDs(t, what, sorted(got), sorted(want))
}

func sorted(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }
