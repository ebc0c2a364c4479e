// Package ports declares what the use cases need from the outside world (a store, a
// clock, IDs, a secret box, an identity provider) as interfaces. Adapters implement
// them; the domain never imports an adapter.
package ports
