package core

import (
	"regexp"
	"time"
)

// Company is one customer of Harriet; every other record belongs to exactly one.
type Company struct {
	ID             string
	Slug           string
	Name           string
	PrimaryOwnerID string
	Version        int64
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// ValidateSlug checks a company slug: lower-case letters, digits and dashes.
func ValidateSlug(slug string) error {
	if !slugPattern.MatchString(slug) {
		return InvalidField("company", "The company slug %q must be 1 to 63 lower-case letters, digits or dashes, starting with a letter or digit.", slug)
	}
	return nil
}
