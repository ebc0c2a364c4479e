// Package usecase holds Harriet's use cases, one file each. They import core and
// ports only: no adapter, driver, net/http or logger.
package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// Service runs the use cases against the ports it is given.
type Service struct {
	Store   ports.Store
	Clock   ports.Clock
	IDs     ports.IDs
	Secrets ports.SecretBox
	// Passwords hashes and checks passwords for password sign-in.
	Passwords ports.Passwords
	// AllowInsecureIdP admits an http Login Domain on loopback (tests, local IdPs).
	AllowInsecureIdP bool
	// Discoverer checks the IdP when an integration is saved; nil leaves the
	// integration's discovery status "not_checked".
	Discoverer ports.Discoverer

	keys keyHealth // see KeyProblem
}

// audit appends an entry in tx, stamped with now, for the principal's request.
func (s *Service) audit(ctx context.Context, tx ports.Store, p core.Principal, now timeStamp,
	action string, target core.Ref, details map[string]any) error {
	return tx.Audit().Append(ctx, s.auditEntry(p, now, action, target, details))
}

// auditEntry is the entry audit appends, for a caller that appends several at once.
func (s *Service) auditEntry(p core.Principal, now timeStamp, action string, target core.Ref,
	details map[string]any) core.AuditEntry {
	e := core.AuditEntry{
		ID:        s.IDs.New(),
		CompanyID: p.CompanyID,
		At:        now,
		Actor:     p.Actor(),
		Action:    action,
		Target:    target,
		Details:   details,
		RequestID: p.RequestID,
	}
	if p.Kind == core.ActorToken {
		if e.Details == nil {
			e.Details = map[string]any{}
		}
		e.Details["token_scope"] = string(p.Scope)
	}
	return e
}
