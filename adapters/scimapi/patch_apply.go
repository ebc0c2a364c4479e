package scimapi

import (
	"reflect"

	"harriet/core"
)

// apply performs one operation on the target in doc. Adds to multi-valued
// attributes append (an identical value is not added twice); replaces of complex
// attributes set the sub-attributes given and keep the others (RFC 7644 §3.5.2.3);
// removes of what is not there succeed.
func (t target) apply(doc map[string]any, op string, value any) error {
	if t.ignore {
		return nil
	}
	if t.whole {
		return t.applyExt(doc, op, value)
	}
	cm := in(doc, t.container)
	if cm == nil {
		if op == "remove" {
			return nil
		}
		cm = map[string]any{}
		doc[t.container] = cm
	}
	switch {
	case t.sel != nil:
		return t.applySelected(cm, op, value)
	case t.sub != nil:
		return t.applySub(cm, op, value)
	}
	return t.applyAttr(cm, op, value)
}

func (t target) applyExt(doc map[string]any, op string, value any) error {
	if op == "remove" {
		delete(doc, t.container)
		return nil
	}
	vm, ok := value.(map[string]any)
	if !ok {
		return invalidValueOf(t.ext.ID, "The value for %s must be an object.", t.ext.ID)
	}
	cv, err := canonObject(vm, t.ext.Attrs, "")
	if err != nil {
		return err
	}
	em, _ := doc[t.container].(map[string]any)
	if em == nil {
		em = map[string]any{}
	}
	for k, v := range cv {
		em[k] = v
	}
	doc[t.container] = em
	return nil
}

func (t target) applyAttr(cm map[string]any, op string, value any) error {
	name := t.a.Name
	if op == "remove" || value == nil {
		delete(cm, name)
		return nil
	}
	v, err := canonValue(value, t.a, t.a.Name)
	if err != nil {
		return err
	}
	switch {
	case t.a.Multi && op == "replace":
		cm[name] = v
	case t.a.Multi:
		list, _ := cm[name].([]any)
		var touched []int
		for _, e := range v.([]any) {
			if !containsEqual(list, e) {
				list = append(list, e)
				touched = append(touched, len(list)-1)
			}
		}
		t.onePrimary(list, touched)
		cm[name] = list
	case t.a.Type == tComplex:
		vm, _ := v.(map[string]any)
		em, _ := cm[name].(map[string]any)
		if em == nil {
			em = map[string]any{}
		}
		for k, sv := range vm {
			em[k] = sv
		}
		cm[name] = em
	default:
		cm[name] = v
	}
	return nil
}

// applySub sets or removes a sub-attribute: name.givenName, or on every element of
// a multi-valued attribute when no filter selects some.
func (t target) applySub(cm map[string]any, op string, value any) error {
	name, sub := t.a.Name, t.sub.Name
	var sv any
	if op != "remove" {
		var err error
		if sv, err = canonSingle(value, t.sub, t.field()); err != nil {
			return err
		}
	}
	if !t.a.Multi {
		em, _ := cm[name].(map[string]any)
		switch {
		case op == "remove" || value == nil:
			delete(em, sub)
		case em == nil:
			cm[name] = map[string]any{sub: sv}
		default:
			em[sub] = sv
		}
		return nil
	}
	list, _ := cm[name].([]any)
	if op != "remove" && len(list) == 0 {
		cm[name] = []any{map[string]any{sub: sv}}
		return nil
	}
	for _, e := range list {
		if em, ok := e.(map[string]any); ok {
			if op == "remove" {
				delete(em, sub)
			} else {
				em[sub] = sv
			}
		}
	}
	return nil
}

// field names the target in messages: emails, name.givenName.
func (t target) field() string {
	if t.sub != nil {
		return t.a.Name + "." + t.sub.Name
	}
	return t.a.Name
}

// applySelected works on the elements the path's filter selects.
func (t target) applySelected(cm map[string]any, op string, value any) error {
	list, _ := cm[t.a.Name].([]any)
	var matched []int
	for i, e := range list {
		if em, ok := e.(map[string]any); ok && t.sel.match(em) {
			matched = append(matched, i)
		}
	}
	if op == "remove" {
		cm[t.a.Name] = t.removeSelected(list, matched)
		return nil
	}
	sv, err := t.selectedValue(value)
	if err != nil {
		return err
	}
	if len(matched) == 0 {
		if t.seed == nil {
			return &core.Error{Kind: core.Invalid, SCIMType: "noTarget",
				Message: "No " + t.a.Name + " entry matches the filter in the PATCH path."}
		}
		seed := make(map[string]any, len(t.seed))
		for k, v := range t.seed {
			seed[k] = v
		}
		list = append(list, seed)
		matched = []int{len(list) - 1}
	}
	for _, i := range matched {
		em := list[i].(map[string]any)
		if t.sub != nil {
			em[t.sub.Name] = sv
			continue
		}
		for k, v := range sv.(map[string]any) {
			em[k] = v
		}
	}
	t.onePrimary(list, matched)
	cm[t.a.Name] = list
	return nil
}

// selectedValue checks and canonicalises the value an add or replace sets on the
// entries a filter selects: a sub-attribute's value, or an object merged into each.
func (t target) selectedValue(value any) (any, error) {
	if t.sub != nil {
		return canonSingle(value, t.sub, t.field())
	}
	if _, ok := value.(map[string]any); !ok {
		return nil, invalidValueOf(t.a.Name, "The value for %s[...] must be an object.", t.a.Name)
	}
	return canonSingle(value, t.a, t.a.Name)
}

func (t target) removeSelected(list []any, matched []int) []any {
	if t.sub != nil {
		for _, i := range matched {
			delete(list[i].(map[string]any), t.sub.Name)
		}
		return list
	}
	out := make([]any, 0, len(list))
	next := 0
	for i, e := range list {
		if next < len(matched) && matched[next] == i {
			next++
			continue
		}
		out = append(out, e)
	}
	return out
}

// onePrimary keeps "primary" on at most the elements an operation just set: when
// one of them became primary, the others stop being (RFC 7643 §2.4).
func (t target) onePrimary(list []any, touched []int) {
	if find(t.a.Sub, "primary") == nil {
		return
	}
	isTouched := map[int]bool{}
	newPrimary := false
	for _, i := range touched {
		isTouched[i] = true
		if em, ok := list[i].(map[string]any); ok && em["primary"] == true {
			newPrimary = true
		}
	}
	if !newPrimary {
		return
	}
	for i, e := range list {
		if em, ok := e.(map[string]any); ok && !isTouched[i] && em["primary"] == true {
			em["primary"] = false
		}
	}
}

func containsEqual(list []any, v any) bool {
	for _, e := range list {
		if reflect.DeepEqual(e, v) {
			return true
		}
	}
	return false
}
