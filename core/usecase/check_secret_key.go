package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// CheckSecretKey tells whether secrets (a box under the root key the server was
// started with) opens the Okta client secrets saved in st. A server started with
// another key would run, say a secret is set, and fail every Okta sign-in; so the
// start stops instead. It reads the companies' integrations until one secret opens:
// with the right key that is the first saved one, with the wrong key it is every
// company once. A store without saved secrets passes: any key will do for it.
// When none opens the answer is core.Precondition, saying how many were tried.
func CheckSecretKey(ctx context.Context, st ports.Store, secrets ports.SecretBox) error {
	companies, err := st.Companies().List(ctx)
	if err != nil {
		return err
	}
	tried := 0
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
		tried++
	}
	if tried == 0 {
		return nil
	}
	return core.E(core.Precondition,
		"the key does not open the Okta client secrets saved in this store (none of %d opens); give the key this store was made with", tried)
}
