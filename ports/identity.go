package ports

import (
	"context"

	"harriet/core"
)

// Discoverer fetches an OpenID provider's configuration when an integration is saved.
// It does network I/O, so use cases call it outside any transaction.
//
// It returns a Discovery with Status core.DiscoveryOK (and the document in Metadata)
// when the provider answered for exactly this issuer, or core.DiscoveryUnreachable
// with the reason in Message when it could not be reached (the save still succeeds).
// It returns an error (core.Invalid naming the field "login_domain") when the
// provider answered but must be refused, for example because it names another issuer.
type Discoverer interface {
	Discover(ctx context.Context, issuer string) (core.Discovery, error)
}
