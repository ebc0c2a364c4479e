package scimapi

import (
	"fmt"
	"strings"

	filter "github.com/scim2/filter-parser/v2"

	"harriet/core"
)

// maxPatchOps bounds the operations of one PATCH request.
const maxPatchOps = 1000

// patchOp is one PATCH operation (RFC 7644 §3.5.2), with its op lower-cased and its
// path parsed; path is nil when the operation has none.
type patchOp struct {
	op       string
	rawPath  string
	path     *filter.Path
	value    any
	hasValue bool
}

func invalidValue(format string, args ...any) error {
	return &core.Error{Kind: core.Invalid, SCIMType: "invalidValue", Message: fmt.Sprintf(format, args...)}
}

// parsePatch reads a PatchOp body as clients really send it: op in any case ("Add",
// "Replace"), with or without a path. Every path is guarded and parsed here, before
// anything is read from the store, so a bad request changes nothing.
func parsePatch(body map[string]any) ([]patchOp, error) {
	if err := checkSchemas(body, urnPatchOp); err != nil {
		return nil, err
	}
	var raw any
	for k, v := range body {
		if strings.EqualFold(k, "Operations") {
			raw = v
		}
	}
	list, ok := raw.([]any)
	if !ok || len(list) == 0 {
		return nil, invalidSyntax(`A PATCH needs Operations: a list like [{"op": "replace", "path": "active", "value": false}].`)
	}
	if len(list) > maxPatchOps {
		return nil, invalidSyntax("A PATCH may carry at most %d operations; split the change.", maxPatchOps)
	}
	ops := make([]patchOp, 0, len(list))
	for i, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, invalidSyntax("Operation %d is not an object like {\"op\": \"replace\", \"value\": {...}}.", i+1)
		}
		op, err := parseOp(m, i+1)
		if err != nil {
			return nil, err
		}
		ops = append(ops, op)
	}
	return ops, nil
}

func parseOp(m map[string]any, n int) (patchOp, error) {
	var op patchOp
	var rawOp, rawPath any
	for k, v := range m {
		switch strings.ToLower(k) {
		case "op":
			rawOp = v
		case "path":
			rawPath = v
		case "value":
			op.value, op.hasValue = v, true
		}
	}
	name, _ := rawOp.(string)
	op.op = strings.ToLower(strings.TrimSpace(name))
	if op.op != "add" && op.op != "replace" && op.op != "remove" {
		return op, invalidSyntax("Operation %d has op %q; use add, replace or remove.", n, clip(name, 40))
	}
	switch p := rawPath.(type) {
	case nil:
	case string:
		op.rawPath = strings.TrimSpace(p)
	default:
		return op, invalidPath("Operation %d has a path that is not a string.", n)
	}
	if op.rawPath != "" {
		parsed, err := parsePathText(op.rawPath)
		if err != nil {
			return op, err
		}
		op.path = &parsed
	}
	switch {
	case op.op == "remove" && op.path == nil:
		return op, &core.Error{Kind: core.Invalid, SCIMType: "noTarget",
			Message: fmt.Sprintf("Operation %d is a remove without a path; name what to remove, like emails[type eq \"home\"].", n)}
	case op.op != "remove" && !op.hasValue:
		return op, invalidValue("Operation %d (%s) has no value.", n, op.op)
	}
	return op, nil
}

// applyPatch applies the operations in order to a canonical document. It is pure:
// the same document and operations always give the same result, and it never
// panics on any input (it is fuzzed).
func applyPatch(doc map[string]any, ops []patchOp, rs *resource) error {
	for _, op := range ops {
		if err := applyOp(doc, op, rs); err != nil {
			return err
		}
	}
	return nil
}

func applyOp(doc map[string]any, op patchOp, rs *resource) error {
	if op.path != nil {
		t, ok, err := resolveTarget(*op.path, rs, true)
		if err != nil || !ok {
			return err
		}
		return t.apply(doc, op.op, op.value)
	}
	// Without a path the value is an object whose keys are attribute paths:
	// {"active": false}, {"name.givenName": "x"}, an extension URN or URN-prefixed
	// names. Keys that name nothing Harriet keeps are ignored, as in a PUT body.
	obj, ok := op.value.(map[string]any)
	if !ok {
		return invalidValue(`A %q operation without a path needs an object value, like {"active": false}.`, op.op)
	}
	for _, k := range sortedKeys(obj) {
		t, ok, err := keyTarget(k, rs)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		if err := t.apply(doc, op.op, obj[k]); err != nil {
			return err
		}
	}
	return nil
}

// keyTarget resolves a key of a path-less value; ok is false for keys to ignore.
func keyTarget(k string, rs *resource) (target, bool, error) {
	if ext := rs.ext(k); ext != nil {
		return target{container: ext.ID, whole: true, ext: ext}, true, nil
	}
	p, err := parsePathText(k)
	if err != nil {
		return target{}, false, nil
	}
	return resolveTarget(p, rs, false)
}
