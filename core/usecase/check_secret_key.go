package usecase

import (
	"context"
	"fmt"
	"strings"

	"harriet/core"
	"harriet/ports"
)

// maxNamedCompanies bounds how many companies the key check's message names, so a
// store with many companies still fails with one readable line.
const maxNamedCompanies = 10

// CheckSecretKey tells whether secrets (a box under the root key the server was
// started with) opens every Okta client secret saved in st. A server started with
// another key would run, say a secret is set, and fail the Okta sign-ins of those
// companies; so the start stops instead. A store without saved secrets passes: any
// key will do for it. When none opens (the key is not this store's, or it was lost)
// the answer is core.Precondition with the way out: `harriet integration
// forget-secret` for each company named, which clears the secret so an admin can
// enter it again. When only some open, the others were saved through a node started
// with another key (every node needs the same one), or are damaged: refused too,
// naming them, since those companies could not sign in.
func CheckSecretKey(ctx context.Context, st ports.Store, secrets ports.SecretBox) error {
	companies, err := st.Companies().List(ctx)
	if err != nil {
		return err
	}
	var opened int
	var failed []string
	for _, c := range companies {
		in, err := st.Integrations().Get(ctx, c.ID)
		if core.IsKind(err, core.NotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if len(in.SecretSealed) == 0 {
			continue
		}
		if _, err := secrets.Open(c.ID, in.SecretSealed); err != nil {
			failed = append(failed, c.Slug)
			continue
		}
		opened++
	}
	switch {
	case len(failed) == 0:
		return nil
	case opened == 0:
		return core.E(core.Precondition,
			"the key does not open the Okta client secrets saved in this store (none of %d opens); give the key this store was made with, "+
				"or if it is lost run `harriet integration forget-secret --company SLUG` for %s and re-enter the Okta client secret "+
				"in Company settings → Integrations → Okta", len(failed), eachOf(failed))
	}
	return core.E(core.Precondition,
		"the key opens the Okta client secrets of %s but not those of %s: they were saved through a node started with another key, "+
			"or are damaged. Give every node the same key (the one that opens them all), or run `harriet integration forget-secret --company SLUG` "+
			"for %s and re-enter their Okta client secret", countCompanies(opened), nameCompanies(failed), eachOf(failed))
}

// countCompanies says how many companies: "1 company", "3 companies".
func countCompanies(n int) string {
	if n == 1 {
		return "1 company"
	}
	return fmt.Sprintf("%d companies", n)
}

// eachOf names the companies a command is to be run for.
func eachOf(slugs []string) string {
	if len(slugs) == 1 {
		return slugs[0]
	}
	return "each of " + nameCompanies(slugs)
}

// nameCompanies lists slugs for a message, at most maxNamedCompanies of them.
func nameCompanies(slugs []string) string {
	if len(slugs) <= maxNamedCompanies {
		return strings.Join(slugs, ", ")
	}
	return strings.Join(slugs[:maxNamedCompanies], ", ") + fmt.Sprintf(" and %d more", len(slugs)-maxNamedCompanies)
}
