package core

import (
	"testing"
	"time"
)

// SPEC.md, --owner-name: "Given Family" splits at the first space; one word is used
// for both names.
func TestNameFromFull(t *testing.T) {
	for in, want := range map[string]Name{
		"Ada Lovelace":         {GivenName: "Ada", FamilyName: "Lovelace"},
		"Mary Ann Smith":       {GivenName: "Mary", FamilyName: "Ann Smith"},
		"Ludwig van Beethoven": {GivenName: "Ludwig", FamilyName: "van Beethoven"},
		"Cher":                 {GivenName: "Cher", FamilyName: "Cher"},
		"  Ada Lovelace  ":     {GivenName: "Ada", FamilyName: "Lovelace"},
		"Ada  Lovelace":        {GivenName: "Ada", FamilyName: "Lovelace"},
		"josé garcía":          {GivenName: "josé", FamilyName: "garcía"},
	} {
		if got := NameFromFull(in); got != want {
			t.Errorf("NameFromFull(%q) = %+v, want %+v", in, got, want)
		}
	}
}

// SPEC.md: without --owner-name the name comes from the email's local part split at
// '.', '_' or '-': first part given, last part family, one part used for both,
// capitalised.
func TestNameFromEmail(t *testing.T) {
	for in, want := range map[string]Name{
		"ada.lovelace@acme.com":    {GivenName: "Ada", FamilyName: "Lovelace"},
		"grace_hopper@acme.com":    {GivenName: "Grace", FamilyName: "Hopper"},
		"alan-turing@acme.com":     {GivenName: "Alan", FamilyName: "Turing"},
		"jean-luc_picard@acme.com": {GivenName: "Jean", FamilyName: "Picard"},
		"mary.ann.smith@acme.com":  {GivenName: "Mary", FamilyName: "Smith"},
		"cher@acme.com":            {GivenName: "Cher", FamilyName: "Cher"},
		"ada..lovelace@acme.com":   {GivenName: "Ada", FamilyName: "Lovelace"},
		".ada.@acme.com":           {GivenName: "Ada", FamilyName: "Ada"},
		"élodie.durand@acme.com":   {GivenName: "Élodie", FamilyName: "Durand"},
		"j.smith2@acme.com":        {GivenName: "J", FamilyName: "Smith2"},
		"ada.lovelace":             {GivenName: "Ada", FamilyName: "Lovelace"},
		"Already.Capital@acme.com": {GivenName: "Already", FamilyName: "Capital"},
	} {
		if got := NameFromEmail(in); got != want {
			t.Errorf("NameFromEmail(%q) = %+v, want %+v", in, got, want)
		}
	}
}

// SPEC.md: the primary email is the emails entry marked primary, else the first,
// else a userName that is an email.
func TestPrimaryEmail(t *testing.T) {
	for name, c := range map[string]struct {
		u    User
		want string
	}{
		"marked primary, not first": {User{UserName: "u@a.test", Emails: []Email{{Value: "first@a.test"}, {Value: "primary@a.test", Primary: true}}}, "primary@a.test"},
		"none marked: the first":    {User{UserName: "u@a.test", Emails: []Email{{Value: "first@a.test"}, {Value: "second@a.test"}}}, "first@a.test"},
		"primary with no value":     {User{Emails: []Email{{Primary: true}, {Value: "second@a.test"}}}, "second@a.test"},
		"no emails: the userName":   {User{UserName: "Ada.Lovelace@a.test"}, "Ada.Lovelace@a.test"},
		"userName not an email":     {User{UserName: "ada"}, ""},
		"userName ends at the @":    {User{UserName: "ada@"}, ""},
		"userName starts at the @":  {User{UserName: "@a.test"}, ""},
		"userName with a space":     {User{UserName: "ada lovelace@a.test"}, ""},
		"nothing":                   {User{}, ""},
	} {
		if got := c.u.PrimaryEmail(); got != c.want {
			t.Errorf("%s: PrimaryEmail() = %q, want %q", name, got, c.want)
		}
	}
}

func TestFillNameAndDeleted(t *testing.T) {
	u := User{UserName: "x", Emails: []Email{{Value: "grace.hopper@a.test", Primary: true}}, Name: Name{GivenName: "Amazing"}}
	u.FillName()
	if u.Name.GivenName != "Amazing" || u.Name.FamilyName != "Hopper" {
		t.Errorf("FillName kept/derived %+v, want Amazing Hopper", u.Name)
	}
	v := User{UserName: "alan_turing"}
	v.FillName()
	if v.Name.GivenName != "Alan" || v.Name.FamilyName != "Turing" {
		t.Errorf("FillName from a userName: %+v", v.Name)
	}
	now := time.Now()
	if v.Deleted() || !(User{DeletedAt: &now}).Deleted() {
		t.Error("Deleted() does not follow DeletedAt")
	}
}
