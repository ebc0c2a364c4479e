package boltstore

import "harriet/core"

type companyRecord struct {
	ID             string `json:"id"`
	Slug           string `json:"slug"`
	Name           string `json:"name"`
	PrimaryOwnerID string `json:"primary_owner_id,omitempty"`
	Version        int64  `json:"version"`
	CreatedAt      int64  `json:"created_at"`
	UpdatedAt      int64  `json:"updated_at"`
}

func encodeCompany(c core.Company) ([]byte, error) {
	return encode("company", companyRecord{ID: c.ID, Slug: c.Slug, Name: c.Name,
		PrimaryOwnerID: c.PrimaryOwnerID, Version: c.Version,
		CreatedAt: ms(c.CreatedAt), UpdatedAt: ms(c.UpdatedAt)})
}

func decodeCompany(b []byte) (core.Company, error) {
	var r companyRecord
	if err := decode("company", b, &r); err != nil {
		return core.Company{}, err
	}
	return core.Company{ID: r.ID, Slug: r.Slug, Name: r.Name, PrimaryOwnerID: r.PrimaryOwnerID,
		Version: r.Version, CreatedAt: fromMS(r.CreatedAt), UpdatedAt: fromMS(r.UpdatedAt)}, nil
}

type groupRecord struct {
	ID               string   `json:"id"`
	CompanyID        string   `json:"company_id"`
	DisplayName      string   `json:"display_name"`
	ExternalID       string   `json:"external_id,omitempty"`
	ManagedByOkta    bool     `json:"managed_by_okta,omitempty"`
	OktaChangedAt    *int64   `json:"okta_changed_at,omitempty"`
	SkippedMemberIDs []string `json:"skipped_member_ids,omitempty"`
	Version          int64    `json:"version"`
	CreatedAt        int64    `json:"created_at"`
	UpdatedAt        int64    `json:"updated_at"`
}

func encodeGroup(g core.Group) ([]byte, error) {
	return encode("group", groupRecord{ID: g.ID, CompanyID: g.CompanyID, DisplayName: g.DisplayName,
		ExternalID: g.ExternalID, ManagedByOkta: g.ManagedByOkta, OktaChangedAt: msPtr(g.OktaChangedAt),
		SkippedMemberIDs: g.SkippedMemberIDs, Version: g.Version,
		CreatedAt: ms(g.CreatedAt), UpdatedAt: ms(g.UpdatedAt)})
}

func decodeGroup(b []byte) (core.Group, error) {
	var r groupRecord
	if err := decode("group", b, &r); err != nil {
		return core.Group{}, err
	}
	return core.Group{ID: r.ID, CompanyID: r.CompanyID, DisplayName: r.DisplayName,
		ExternalID: r.ExternalID, ManagedByOkta: r.ManagedByOkta, OktaChangedAt: fromMSPtr(r.OktaChangedAt),
		SkippedMemberIDs: r.SkippedMemberIDs, Version: r.Version,
		CreatedAt: fromMS(r.CreatedAt), UpdatedAt: fromMS(r.UpdatedAt)}, nil
}

type tokenRecord struct {
	ID         string `json:"id"`
	CompanyID  string `json:"company_id"`
	Name       string `json:"name"`
	Scope      string `json:"scope"`
	Prefix     string `json:"prefix"`
	Hash       []byte `json:"hash"`
	CreatedBy  string `json:"created_by"`
	CreatedAt  int64  `json:"created_at"`
	LastUsedAt *int64 `json:"last_used_at,omitempty"`
	RevokedAt  *int64 `json:"revoked_at,omitempty"`
}

func encodeToken(t core.Token) ([]byte, error) {
	return encode("token", tokenRecord{ID: t.ID, CompanyID: t.CompanyID, Name: t.Name,
		Scope: string(t.Scope), Prefix: t.Prefix, Hash: t.Hash, CreatedBy: t.CreatedBy,
		CreatedAt: ms(t.CreatedAt), LastUsedAt: msPtr(t.LastUsedAt), RevokedAt: msPtr(t.RevokedAt)})
}

func decodeToken(b []byte) (core.Token, error) {
	var r tokenRecord
	if err := decode("token", b, &r); err != nil {
		return core.Token{}, err
	}
	return core.Token{ID: r.ID, CompanyID: r.CompanyID, Name: r.Name, Scope: core.TokenScope(r.Scope),
		Prefix: r.Prefix, Hash: r.Hash, CreatedBy: r.CreatedBy, CreatedAt: fromMS(r.CreatedAt),
		LastUsedAt: fromMSPtr(r.LastUsedAt), RevokedAt: fromMSPtr(r.RevokedAt)}, nil
}

type integrationRecord struct {
	CompanyID    string `json:"company_id"`
	Domain       string `json:"domain"`
	ClientID     string `json:"client_id"`
	LoginDomain  string `json:"login_domain"`
	Issuer       string `json:"issuer"`
	SecretSealed []byte `json:"secret_sealed,omitempty"`
	SSOOnly      bool   `json:"sso_only,omitempty"`
	SetByOwner   bool   `json:"sign_in_set_by_owner,omitempty"`
	DiscStatus   string `json:"discovery_status,omitempty"`
	DiscMessage  string `json:"discovery_message,omitempty"`
	DiscMetadata []byte `json:"discovery_metadata,omitempty"`
	Version      int64  `json:"version"`
	CreatedAt    int64  `json:"created_at"`
	UpdatedAt    int64  `json:"updated_at"`
}

func encodeIntegration(in core.Integration) ([]byte, error) {
	return encode("integration", integrationRecord{CompanyID: in.CompanyID, Domain: in.Domain,
		ClientID: in.ClientID, LoginDomain: in.LoginDomain, Issuer: in.Issuer,
		SecretSealed: in.SecretSealed, SSOOnly: in.SSOOnly, SetByOwner: in.SignInSetByOwner, DiscStatus: in.Discovery.Status,
		DiscMessage: in.Discovery.Message, DiscMetadata: in.Discovery.Metadata, Version: in.Version,
		CreatedAt: ms(in.CreatedAt), UpdatedAt: ms(in.UpdatedAt)})
}

func decodeIntegration(b []byte) (core.Integration, error) {
	var r integrationRecord
	if err := decode("integration", b, &r); err != nil {
		return core.Integration{}, err
	}
	return core.Integration{CompanyID: r.CompanyID, Domain: r.Domain, ClientID: r.ClientID,
		LoginDomain: r.LoginDomain, Issuer: r.Issuer, SecretSealed: r.SecretSealed, SSOOnly: r.SSOOnly,
		SignInSetByOwner: r.SetByOwner,
		Discovery:        core.Discovery{Status: r.DiscStatus, Message: r.DiscMessage, Metadata: r.DiscMetadata},
		Version:          r.Version, CreatedAt: fromMS(r.CreatedAt), UpdatedAt: fromMS(r.UpdatedAt)}, nil
}

type refRecord struct {
	Kind string `json:"kind,omitempty"`
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

type auditRecord struct {
	ID        string         `json:"id"`
	CompanyID string         `json:"company_id"`
	At        int64          `json:"at"`
	Actor     refRecord      `json:"actor"`
	Action    string         `json:"action"`
	Target    refRecord      `json:"target"`
	Details   map[string]any `json:"details,omitempty"`
	RequestID string         `json:"request_id,omitempty"`
}

func encodeAudit(e core.AuditEntry) ([]byte, error) {
	return encode("audit entry", auditRecord{ID: e.ID, CompanyID: e.CompanyID, At: ms(e.At),
		Actor: refRecord(e.Actor), Action: e.Action, Target: refRecord(e.Target),
		Details: e.Details, RequestID: e.RequestID})
}

func decodeAudit(b []byte) (core.AuditEntry, error) {
	var r auditRecord
	if err := decode("audit entry", b, &r); err != nil {
		return core.AuditEntry{}, err
	}
	return core.AuditEntry{ID: r.ID, CompanyID: r.CompanyID, At: fromMS(r.At), Actor: core.Ref(r.Actor),
		Action: r.Action, Target: core.Ref(r.Target), Details: r.Details, RequestID: r.RequestID}, nil
}

type sessionRecord struct {
	Hash       []byte `json:"hash"`
	CompanyID  string `json:"company_id"`
	UserID     string `json:"user_id"`
	Method     string `json:"method"`
	CreatedAt  int64  `json:"created_at"`
	LastSeenAt int64  `json:"last_seen_at"`
	ExpiresAt  int64  `json:"expires_at"`
}

func encodeSession(s core.Session) ([]byte, error) {
	return encode("session", sessionRecord{Hash: s.Hash, CompanyID: s.CompanyID, UserID: s.UserID,
		Method: s.Method, CreatedAt: ms(s.CreatedAt), LastSeenAt: ms(s.LastSeenAt), ExpiresAt: ms(s.ExpiresAt)})
}

func decodeSession(b []byte) (core.Session, error) {
	var r sessionRecord
	if err := decode("session", b, &r); err != nil {
		return core.Session{}, err
	}
	return core.Session{Hash: r.Hash, CompanyID: r.CompanyID, UserID: r.UserID, Method: r.Method,
		CreatedAt: fromMS(r.CreatedAt), LastSeenAt: fromMS(r.LastSeenAt), ExpiresAt: fromMS(r.ExpiresAt)}, nil
}
