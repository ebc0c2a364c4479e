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
// started with) opens the Okta client secrets saved in st. A server started with
// another key would run, say a secret is set, and fail every Okta sign-in; so the
// start stops instead. It reads the companies' integrations until one secret opens:
// with the right key that is the first saved one, with the wrong key it is every
// company once. A store without saved secrets passes: any key will do for it.
// When none opens the answer is core.Precondition, saying how many were tried and
// the way out when the key is lost: `harriet integration forget-secret` for each
// company named, which clears the secret so an admin can enter it again.
func CheckSecretKey(ctx context.Context, st ports.Store, secrets ports.SecretBox) error {
	companies, err := st.Companies().List(ctx)
	if err != nil {
		return err
	}
	var tried []string
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
		if _, err := secrets.Open(c.ID, in.SecretSealed); err == nil {
			return nil
		}
		tried = append(tried, c.Slug)
	}
	if len(tried) == 0 {
		return nil
	}
	return core.E(core.Precondition,
		"the key does not open the Okta client secrets saved in this store (none of %d opens); give the key this store was made with, "+
			"or if it is lost run `harriet integration forget-secret --company SLUG` for each of %s and re-enter the Okta client secret "+
			"in Company settings → Integrations → Okta", len(tried), nameCompanies(tried))
}

// nameCompanies lists slugs for a message, at most maxNamedCompanies of them.
func nameCompanies(slugs []string) string {
	if len(slugs) <= maxNamedCompanies {
		return strings.Join(slugs, ", ")
	}
	return strings.Join(slugs[:maxNamedCompanies], ", ") + fmt.Sprintf(" and %d more", len(slugs)-maxNamedCompanies)
}
