package web

import (
	"fmt"
	"html/template"
	"strings"
	"time"
)

// adminFuncs are the admin templates' helpers: times shown the same way everywhere.
var adminFuncs = template.FuncMap{
	"when":    when,
	"ago":     ago,
	"iso":     iso,
	"dict":    dict,
	"trimAgo": func(s string) string { return strings.TrimSuffix(s, " ago") },
	"kindName": func(v any) string {
		if fmt.Sprint(v) == "scim" {
			return "provisioning"
		}
		return "personal"
	},
}

// dict builds a map from key, value pairs, to hand several values to a partial.
func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}

// timeOf accepts a time.Time or a *time.Time; ok is false for nil or zero.
func timeOf(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, !t.IsZero()
	case *time.Time:
		if t != nil && !t.IsZero() {
			return *t, true
		}
	}
	return time.Time{}, false
}

// when is a time as admins read it, in UTC like the API.
func when(v any) string {
	t, ok := timeOf(v)
	if !ok {
		return ""
	}
	return t.UTC().Format("2 Jan 2006, 15:04 UTC")
}

// iso is a time for <time datetime>.
func iso(v any) string {
	t, ok := timeOf(v)
	if !ok {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// ago says how long before now v was, roughly: "just now", "5 minutes ago".
func ago(now time.Time, v any) string {
	t, ok := timeOf(v)
	if !ok {
		return "never"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute") + " ago"
	case d < 48*time.Hour:
		return plural(int(d/time.Hour), "hour") + " ago"
	}
	return plural(int(d/(24*time.Hour)), "day") + " ago"
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
