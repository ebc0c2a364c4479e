package usecase

import (
	"context"
	"crypto/rand"
	"strings"
	"unicode/utf8"

	"harriet/core"
	"harriet/ports"
)

// maxPasswordBytes is bcrypt's limit (core.MaxPasswordBytes); sign-in refuses a
// longer password at once, since none can have been set.
const maxPasswordBytes = core.MaxPasswordBytes

// maxCompanyNameLen bounds a company's display name.
const maxCompanyNameLen = 200

// BootstrapInput is what the operator gives `harriet bootstrap`.
type BootstrapInput struct {
	Slug       string
	Name       string
	OwnerEmail string
	OwnerName  string // "Given Family"; empty: derived from the email
	Password   string // empty: one is generated and returned
}

// BootstrapResult is the new company and its primary Owner. GeneratedPassword is set
// only when the operator gave no password; it is shown once and never stored in clear.
type BootstrapResult struct {
	Company           core.Company
	Owner             core.User
	GeneratedPassword string
}

// BootstrapCompany creates a company and its primary Owner, who holds Owner as a
// direct role so that no group push can take it away. An existing slug is Conflict.
// Audited with the operator as actor.
func (s *Service) BootstrapCompany(ctx context.Context, in BootstrapInput) (BootstrapResult, error) {
	company, owner, generated, err := s.newCompanyAndOwner(in)
	if err != nil {
		return BootstrapResult{}, err
	}
	err = s.Store.InTx(ctx, func(tx ports.Store) error {
		return s.storeBootstrap(ctx, tx, company, owner)
	})
	if err != nil {
		return BootstrapResult{}, err
	}
	return BootstrapResult{Company: company, Owner: owner, GeneratedPassword: generated}, nil
}

// CheckBootstrapInput validates what BootstrapCompany is given, without a store:
// `harriet bootstrap` calls it before it opens (and perhaps makes) the store, so a
// mistyped value makes nothing. The errors are core.Invalid naming the field.
func CheckBootstrapInput(in BootstrapInput) error {
	slug, name, email := strings.TrimSpace(in.Slug), strings.TrimSpace(in.Name), strings.TrimSpace(in.OwnerEmail)
	if err := core.ValidateSlug(slug); err != nil {
		return err
	}
	if name == "" || utf8.RuneCountInString(name) > maxCompanyNameLen {
		return core.InvalidField("name", "The company name is required and at most %d characters.", maxCompanyNameLen)
	}
	if err := core.ValidateText("name", name, maxCompanyNameLen); err != nil {
		return err
	}
	if err := core.ValidateText("owner_name", strings.TrimSpace(in.OwnerName), 2*maxPersonNameLen+1); err != nil {
		return err
	}
	if err := core.ValidateEmail("owner_email", email); err != nil {
		return err
	}
	if in.Password != "" {
		return core.ValidatePassword("password", in.Password)
	}
	return nil
}

// newCompanyAndOwner validates the input and builds the two records, stamped with one now.
func (s *Service) newCompanyAndOwner(in BootstrapInput) (core.Company, core.User, string, error) {
	if err := CheckBootstrapInput(in); err != nil {
		return core.Company{}, core.User{}, "", err
	}
	slug, name, email := strings.TrimSpace(in.Slug), strings.TrimSpace(in.Name), strings.TrimSpace(in.OwnerEmail)
	password, generated := in.Password, ""
	if password == "" {
		generated = rand.Text() // 26 base32 characters, 130 random bits
		password = generated
	}
	hash, err := s.HashPassword(password)
	if err != nil {
		return core.Company{}, core.User{}, "", err
	}
	now := s.Clock.Now()
	owner := core.User{
		ID: s.IDs.New(), UserName: email,
		Emails:      []core.Email{{Value: email, Type: "work", Primary: true}},
		Name:        ownerName(in.OwnerName, email),
		Active:      true,
		DirectRoles: []core.Role{core.RoleOwner},
		Source:      core.SourceBootstrap, PasswordHash: hash,
		Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	company := core.Company{ID: s.IDs.New(), Slug: slug, Name: name, PrimaryOwnerID: owner.ID,
		Version: 1, CreatedAt: now, UpdatedAt: now}
	owner.CompanyID = company.ID
	return company, owner, generated, nil
}

// ownerName applies SPEC.md's rule: --owner-name split at the first space, else the
// email's local part.
func ownerName(full, email string) core.Name {
	if strings.TrimSpace(full) != "" {
		return core.NameFromFull(full)
	}
	return core.NameFromEmail(email)
}

func (s *Service) storeBootstrap(ctx context.Context, tx ports.Store, c core.Company, owner core.User) error {
	slugTaken := core.E(core.Conflict, "A company with the slug %q already exists; choose another slug.", c.Slug)
	slugTaken.Field = "company"
	if _, err := tx.Companies().BySlug(ctx, c.Slug); err == nil {
		return slugTaken
	} else if !core.IsKind(err, core.NotFound) {
		return err
	}
	if err := tx.Companies().Create(ctx, c); core.IsKind(err, core.Conflict) {
		return slugTaken
	} else if err != nil {
		return err
	}
	if err := tx.Users().Create(ctx, owner); err != nil {
		return err
	}
	op := core.Principal{CompanyID: c.ID, Kind: core.ActorOperator}
	now := c.CreatedAt
	err := s.audit(ctx, tx, op, now, "company.bootstrap", core.Ref{Kind: "company", ID: c.ID, Name: c.Slug},
		map[string]any{"name": c.Name, "owner_id": owner.ID, "owner_email": owner.UserName})
	if err != nil {
		return err
	}
	return s.audit(ctx, tx, op, now, "user.create", core.Ref{Kind: "user", ID: owner.ID, Name: owner.UserName},
		map[string]any{"source": core.SourceBootstrap, "direct_roles": []string{string(core.RoleOwner)}, "primary_owner": true})
}

// HashPassword hashes a password being set for password sign-in. Every way of
// setting one comes through here, so each gets core.ValidatePassword's rule: long
// enough, not only white space, and not longer than bcrypt's 72 bytes (which bcrypt
// would otherwise cut silently).
func (s *Service) HashPassword(password string) ([]byte, error) {
	if err := core.ValidatePassword("password", password); err != nil {
		return nil, err
	}
	if s.Passwords == nil {
		return nil, core.E(core.Internal, "no password hasher is configured")
	}
	hash, err := s.Passwords.Hash(password)
	if err != nil {
		return nil, core.Wrap(core.Internal, err, "could not hash the password")
	}
	return hash, nil
}
