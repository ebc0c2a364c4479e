package scimapi

import (
	"reflect"
	"slices"
	"strings"
)

// shownEmails puts the emails GET shows (made by show) into doc when an operation
// names emails and they differ from the stored ones, returning both; nil when it
// leaves doc as is. doc gets a copy of its own, since a patch changes it in place.
func shownEmails(show func() any, doc map[string]any, ops []patchOp) (shown, stored any) {
	shown, stored = show(), doc["emails"]
	if shown == nil || reflect.DeepEqual(shown, stored) || !slices.ContainsFunc(ops, namesEmails) {
		return nil, nil
	}
	doc["emails"] = show()
	return shown, stored
}

// namesEmails reports whether a PATCH operation's path, or a key of its path-less
// value, is the emails attribute or inside it.
func namesEmails(op patchOp) bool {
	if op.rawPath != "" {
		return topAttribute(op.rawPath) == "emails"
	}
	obj, _ := op.value.(map[string]any)
	for k := range obj {
		if topAttribute(k) == "emails" {
			return true
		}
	}
	return false
}

// topAttribute is the core attribute a path starts with, lower case, without the
// core schema's URN: "emails" for `Emails[type eq "work"].value`.
func topAttribute(path string) string {
	p := strings.ToLower(strings.TrimSpace(path))
	p = strings.TrimPrefix(p, strings.ToLower(urnUser)+":")
	if i := strings.IndexAny(p, ".["); i >= 0 {
		p = p[:i]
	}
	return p
}

// restore sets doc[key] back to v, or removes it when v is nil.
func restore(doc map[string]any, key string, v any) {
	if v == nil {
		delete(doc, key)
		return
	}
	doc[key] = v
}
