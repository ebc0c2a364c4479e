package scimapi

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"harriet/core"
)

// seedUsers creates users over SCIM and returns their ids in creation order.
func (e *env) seedUsers(bearer string, bodies ...map[string]any) []string {
	e.t.Helper()
	var ids []string
	for _, b := range bodies {
		ids = append(ids, e.do("POST", "/Users", bearer, b).want(e.t, 201).body["id"].(string))
	}
	return ids
}

func (e *env) list(bearer, query string) answer {
	e.t.Helper()
	return e.do("GET", "/Users?"+query, bearer, nil).want(e.t, 200)
}

func resourceIDs(a answer) []string {
	var out []string
	list, _ := a.body["Resources"].([]any)
	for _, r := range list {
		out = append(out, get(r, "id").(string))
	}
	return out
}

func num(v any) int {
	n, ok := v.(json.Number)
	if !ok {
		return -1
	}
	i, err := n.Int64()
	if err != nil {
		return -1
	}
	return int(i)
}

func filterQuery(f string) string { return "filter=" + url.QueryEscape(f) }

func TestListPagesInStableOrderWithNumbers(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	var bodies []map[string]any
	for i := range 7 {
		bodies = append(bodies, oktaUser(fmt.Sprintf("page%d@acme.test", i), "Page", fmt.Sprint(i), ""))
	}
	e.seedUsers("acme-okta", bodies...)
	all := append([]string{acme.owner.ID}, resourceIDs(e.list("acme-okta", "count=100"))[1:]...)
	if len(all) != 8 || !slices.IsSorted(all) {
		t.Fatalf("list of all is not 8 users in ID order: %v", all)
	}

	var paged []string
	for start := 1; start <= 8; start += 3 {
		a := e.list("acme-okta", fmt.Sprintf("startIndex=%d&count=3", start))
		if num(a.body["totalResults"]) != 8 || num(a.body["startIndex"]) != start || num(a.body["itemsPerPage"]) != len(resourceIDs(a)) {
			t.Fatalf("page at %d: %s", start, a.raw)
		}
		paged = append(paged, resourceIDs(a)...)
	}
	if !slices.Equal(paged, all) {
		t.Errorf("pages %v, want %v", paged, all)
	}

	zero := e.list("acme-okta", "count=0")
	if num(zero.body["totalResults"]) != 8 || len(resourceIDs(zero)) != 0 || num(zero.body["itemsPerPage"]) != 0 {
		t.Errorf("count=0 answered %s", zero.raw)
	}
	low := e.list("acme-okta", "startIndex=0&count=2")
	if num(low.body["startIndex"]) != 1 || !slices.Equal(resourceIDs(low), all[:2]) {
		t.Errorf("startIndex=0 answered %s", low.raw)
	}
	neg := e.list("acme-okta", "startIndex=-4&count=-1")
	if num(neg.body["totalResults"]) != 8 || len(resourceIDs(neg)) != 0 {
		t.Errorf("negative count answered %s", neg.raw)
	}
	past := e.list("acme-okta", "startIndex=50")
	if num(past.body["totalResults"]) != 8 || len(resourceIDs(past)) != 0 {
		t.Errorf("startIndex past the end answered %s", past.raw)
	}
	if len(resourceIDs(e.list("acme-okta", "count=5000"))) != 8 {
		t.Error("a count above the cap lost users")
	}
	e.do("GET", "/Users?count=ten", "acme-okta", nil).scimError(t, 400, "invalidValue")
}

func TestIndexedFiltersDoNotScan(t *testing.T) {
	e := newEnv(t)
	e.newCompany("acme", true)
	body := oktaUser("Indexed.Person@acme.test", "Indexed", "Person", "00uCaseExact")
	id := e.seedUsers("acme-okta", body, oktaUser("other@acme.test", "Other", "Person", "00uOther"))[0]

	cases := map[string]int{
		`userName eq "indexed.person@ACME.test"`:                                   1,
		`USERNAME Eq "Indexed.Person@acme.test"`:                                   1,
		`externalId eq "00uCaseExact"`:                                             1,
		`externalId eq "00ucaseexact"`:                                             0,
		`id eq "` + id + `"`:                                                       1,
		`id eq "` + strings.ToUpper(id) + `"`:                                      0,
		`emails.value eq "INDEXED.person@acme.test"`:                               1,
		`emails[value eq "indexed.person@acme.test"]`:                              1,
		`userName eq "indexed.person@acme.test" and active eq true`:                1,
		`userName eq "indexed.person@acme.test" and active eq false`:               0,
		`userName eq "nobody@acme.test"`:                                           0,
		`urn:ietf:params:scim:schemas:core:2.0:User:userName eq "other@acme.test"`: 1,
	}
	for f, want := range cases {
		before := e.store.lists()
		a := e.list("acme-okta", filterQuery(f)+"&startIndex=1&count=100")
		if got := num(a.body["totalResults"]); got != want || len(resourceIDs(a)) != want {
			t.Errorf("%s: totalResults %d, %d resources; want %d", f, got, len(resourceIDs(a)), want)
		}
		if want == 1 && resourceIDs(a)[0] != id && !strings.Contains(f, "other@") {
			t.Errorf("%s found %v", f, resourceIDs(a))
		}
		if e.store.lists() != before {
			t.Errorf("%s scanned the users instead of using an index", f)
		}
	}
}

func TestOtherFiltersAreEvaluatedWithPaging(t *testing.T) {
	e := newEnv(t)
	e.newCompany("acme", true)
	mk := func(user, family, title, dept string, active bool, emails ...any) map[string]any {
		b := oktaUser(user, "Given", family, "ext-"+family)
		b["title"], b["active"] = title, active
		if dept != "" {
			b[urnEnterprise] = map[string]any{"department": dept}
		}
		if len(emails) > 0 {
			b["emails"] = emails
		}
		return b
	}
	ids := e.seedUsers("acme-okta",
		mk("ann@acme.test", "Ander", "Engineer", "R&D", true),
		mk("bob@acme.test", "Brown", "", "Sales", true,
			map[string]any{"value": "bob@acme.test", "type": "work", "primary": true},
			map[string]any{"value": "bobby@home.test", "type": "home"}),
		mk("cat@acme.test", "Carter", "Engineer", "", false),
		mk("dan@other.test", "Dunn", "Manager", "Sales", true),
	)
	time.Sleep(5 * time.Millisecond)
	cut := time.Now().UTC().Format(time.RFC3339Nano)
	time.Sleep(5 * time.Millisecond)
	late := e.seedUsers("acme-okta", mk("eve@acme.test", "Evans", "Engineer", "", true))[0]

	cases := []struct {
		filter string
		want   []string
	}{
		{`userName sw "A"`, ids[:1]},
		{`userName ew "@ACME.TEST" and title eq "engineer"`, []string{ids[0], ids[2], late}},
		{`title eq "Engineer" and active eq false`, ids[2:3]},
		{`active eq false or name.familyName co "unn"`, ids[2:4]},
		{`not (title pr) and userName ne "owner@acme.test"`, ids[1:2]},
		{`emails[type eq "home" and value ew "@home.test"]`, ids[1:2]},
		{`emails co "bobby"`, ids[1:2]},
		{`emails.type eq "home"`, ids[1:2]},
		{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"`, []string{ids[1], ids[3]}},
		{`meta.created gt "` + cut + `"`, []string{late}},
		{`meta.lastModified le "` + cut + `" and userName sw "d"`, ids[3:4]},
		{`title eq null and userName eq "bob@acme.test"`, ids[1:2]},
		{`(userName eq "ann@acme.test" or userName eq "cat@acme.test") and not (active eq true)`, ids[2:3]},
		{`externalId sw "ext-" and externalId co "arter"`, ids[2:3]},
		{`externalId co "ARTER"`, nil},
		{`displayName gt "Given D"`, []string{ids[3], late}},
	}
	for _, c := range cases {
		a := e.list("acme-okta", filterQuery(c.filter))
		got := resourceIDs(a)
		if !slices.Equal(got, c.want) || num(a.body["totalResults"]) != len(c.want) {
			t.Errorf("%s: got %v (total %v), want %v", c.filter, got, a.body["totalResults"], c.want)
		}
	}

	// Paging over a filtered scan: the total counts every match, the pages cut it.
	f := filterQuery(`title eq "Engineer"`)
	p1 := e.list("acme-okta", f+"&startIndex=1&count=2")
	p2 := e.list("acme-okta", f+"&startIndex=3&count=2")
	if num(p1.body["totalResults"]) != 3 || num(p2.body["totalResults"]) != 3 ||
		!slices.Equal(append(resourceIDs(p1), resourceIDs(p2)...), []string{ids[0], ids[2], late}) {
		t.Errorf("filtered pages %s / %s", p1.raw, p2.raw)
	}
}

func TestBadFiltersAreInvalidFilter(t *testing.T) {
	e := newEnv(t)
	e.newCompany("acme", true)
	for _, f := range []string{
		`userName zz "x@acme.test"`,
		`userName eq "x@acme.test`,
		`userName eq`,
		`(userName eq "a"`,
		`nosuch eq "x"`,
		`name.nosuch eq "x"`,
		`active gt true`,
		`active eq "sometimes"`,
		`meta.created gt "yesterday"`,
		`meta.created co "2024"`,
		`name eq "x"`,
		`password eq "x"`,
		`urn:example:foo:bar eq "x"`,
		`userName eq "` + strings.Repeat("a", 5000) + `"`,
		strings.Repeat("(", 20) + `userName eq "a"` + strings.Repeat(")", 20),
		strings.Repeat(`not (`, 17) + `active eq true` + strings.Repeat(")", 17),
	} {
		e.do("GET", "/Users?"+filterQuery(f), "acme-okta", nil).scimError(t, 400, "invalidFilter")
	}
	// Nesting within the cap is fine.
	deep := strings.Repeat("(", 10) + `userName eq "owner@acme.test"` + strings.Repeat(")", 10)
	if a := e.list("acme-okta", filterQuery(deep)); num(a.body["totalResults"]) != 1 {
		t.Errorf("nested filter answered %s", a.raw)
	}
	// Brackets inside string literals do not count as nesting.
	lit := `userName eq "` + strings.Repeat("((", 20) + `"`
	if a := e.list("acme-okta", filterQuery(lit)); num(a.body["totalResults"]) != 0 {
		t.Errorf("literal with brackets answered %s", a.raw)
	}
	// An escaped quote in a literal is read as a quote.
	if a := e.list("acme-okta", filterQuery(`userName eq "owner\"@acme.test"`)); num(a.body["totalResults"]) != 0 {
		t.Errorf("escaped literal answered %s", a.raw)
	}
}

func TestPlusEncodedSpacesInFilters(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	a := e.list("acme-okta", "filter=userName+eq+%22owner%40acme.test%22&startIndex=1&count=100")
	if ids := resourceIDs(a); len(ids) != 1 || ids[0] != acme.owner.ID {
		t.Errorf("plus-encoded filter answered %s", a.raw)
	}
}

func TestAttributesAndExcludedAttributes(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	body := oktaUser("attrs@acme.test", "Attr", "Ibutes", "x")
	body[urnEnterprise] = map[string]any{"department": "Ops", "division": "North"}
	c := e.do("POST", "/Users?attributes=userName,name.givenName", "acme-okta", body).want(t, 201)
	if len(c.body) != 4 || c.body["userName"] != "attrs@acme.test" || get(c.body, "name.givenName") != "Attr" ||
		get(c.body, "name.familyName") != nil || c.body["id"] == nil || c.body["schemas"] == nil {
		t.Errorf("attributes on POST answered %s", c.raw)
	}
	id := c.body["id"].(string)

	g := e.do("GET", "/Users/"+id+"?excludedAttributes=emails,name.familyName,meta,id", "acme-okta", nil).want(t, 200)
	if g.body["emails"] != nil || get(g.body, "name.familyName") != nil || g.body["meta"] != nil ||
		get(g.body, "name.givenName") != "Attr" || g.body["id"] != id {
		t.Errorf("excludedAttributes answered %s", g.raw)
	}
	ent := e.do("GET", "/Users/"+id+"?attributes="+url.QueryEscape(urnEnterprise+":department,emails.value"), "acme-okta", nil).want(t, 200)
	ext, _ := ent.body[urnEnterprise].(map[string]any)
	if ext["department"] != "Ops" || ext["division"] != nil ||
		get(ent.body, "emails.0.value") != "attrs@acme.test" || get(ent.body, "emails.0.type") != nil {
		t.Errorf("extension attributes answered %s", ent.raw)
	}
	l := e.list("acme-okta", filterQuery(`userName eq "attrs@acme.test"`)+"&attributes=USERNAME")
	r := get(l.body, "Resources.0").(map[string]any)
	if len(r) != 3 || r["userName"] != "attrs@acme.test" {
		t.Errorf("attributes on a list answered %v", r)
	}
	p := e.do("PATCH", "/Users/"+id+"?excludedAttributes=name", "acme-okta", map[string]any{
		"Operations": []any{map[string]any{"op": "replace", "path": "title", "value": "Boss"}}}).want(t, 200)
	if p.body["name"] != nil || p.body["title"] != "Boss" {
		t.Errorf("excludedAttributes on PATCH answered %s", p.raw)
	}
	_ = acme
}

func TestUserGroupsAreReadOnlyAndListed(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	id := e.seedUsers("acme-okta", oktaUser("member@acme.test", "Mem", "Ber", "m"))[0]
	now := time.Now().UTC().Truncate(time.Millisecond)
	g := core.Group{ID: "0190grp0-0000-7000-8000-000000000001", CompanyID: acme.ID, DisplayName: "Harriet Admin Group",
		Version: 1, CreatedAt: now, UpdatedAt: now}
	must(t, e.db.Groups().Create(e.ctx, g))
	_, err := e.db.Members().Add(e.ctx, acme.ID, g.ID, []string{id}, now)
	must(t, err)

	a := e.do("GET", "/Users/"+id, "acme-okta", nil).want(t, 200)
	if get(a.body, "groups.0.value") != g.ID || get(a.body, "groups.0.display") != "Harriet Admin Group" {
		t.Errorf("groups answered %s", a.raw)
	}
	f := e.list("acme-okta", filterQuery(`groups.value eq "`+g.ID+`"`))
	if ids := resourceIDs(f); len(ids) != 1 || ids[0] != id {
		t.Errorf("filter on groups answered %s", f.raw)
	}
	if a := e.do("GET", "/Users/"+id+"?excludedAttributes=groups", "acme-okta", nil).want(t, 200); a.body["groups"] != nil {
		t.Errorf("excluded groups listed: %s", a.raw)
	}
	e.do("PATCH", "/Users/"+id, "acme-okta", map[string]any{"Operations": []any{
		map[string]any{"op": "add", "path": "groups", "value": []any{map[string]any{"value": "x"}}}}}).want(t, 200)
	if ids, _ := e.db.Members().GroupsOf(e.ctx, acme.ID, id); len(ids) != 1 {
		t.Errorf("a PATCH on groups changed memberships: %v", ids)
	}
}
