package usecase

import (
	"context"
	"errors"

	"harriet/core"
	"harriet/ports"
)

// checkUserKeys returns a Conflict (SCIM uniqueness) when another user of the company
// that is not deleted holds u's userName or primary email. The store enforces the
// same rule; checking first gives the admin a message that names the clash.
func checkUserKeys(ctx context.Context, tx ports.Store, u core.User) error {
	other, err := tx.Users().ByUserName(ctx, u.CompanyID, core.NormUserName(u.UserName))
	switch {
	case err == nil && other.ID != u.ID:
		return uniqueness("userName", "A user with the userName %q already exists in this company (id %s); "+
			"userNames are unique, whatever their case. Choose another userName.", other.UserName, other.ID)
	case err != nil && !core.IsKind(err, core.NotFound):
		return err
	}
	return checkEmailKey(ctx, tx, u)
}

// checkEmailKey is checkUserKeys for the primary email alone, for a caller that has
// already read, in the same transaction, who holds u's userName (a SCIM create), so
// one request does not read the same key twice.
func checkEmailKey(ctx context.Context, tx ports.Store, u core.User) error {
	email := u.PrimaryEmail()
	if email == "" {
		return nil
	}
	other, err := tx.Users().ByEmail(ctx, u.CompanyID, core.NormEmail(email))
	switch {
	case err == nil && other.ID != u.ID:
		return uniqueness("emails", "The email %q is already the primary email of another user in this company (%s, id %s); "+
			"primary emails must be unique.", email, other.UserName, other.ID)
	case err != nil && !core.IsKind(err, core.NotFound):
		return err
	}
	return nil
}

func uniqueness(field, format string, args ...any) error {
	e := core.E(core.Conflict, format, args...)
	e.Field, e.SCIMType = field, "uniqueness"
	return e
}

// asUniqueness gives a store's Conflict the SCIM scimType uniqueness, for the race
// where another request took the key between the check and the write.
func asUniqueness(err error) error {
	var e *core.Error
	if errors.As(err, &e) && e.Kind == core.Conflict && e.SCIMType == "" {
		c := *e
		c.SCIMType = "uniqueness"
		return &c
	}
	return err
}

// userRef is how a user appears as an audit target.
func userRef(u core.User) core.Ref {
	return core.Ref{Kind: "user", ID: u.ID, Name: u.UserName}
}
