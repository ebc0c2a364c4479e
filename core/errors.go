package core

import (
	"errors"
	"fmt"
)

// Kind classifies an error so each adapter can map it to a status in one place.
type Kind string

// The error kinds. Adapters map them: httpapi to status + JSON, scimapi to the SCIM
// error schema.
const (
	Invalid         Kind = "invalid"
	NotFound        Kind = "not_found"
	Conflict        Kind = "conflict"
	Precondition    Kind = "precondition_failed"
	Unauthenticated Kind = "unauthenticated"
	Forbidden       Kind = "forbidden"
	TooLarge        Kind = "too_large"
	RateLimited     Kind = "rate_limited"
	Unavailable     Kind = "unavailable"
	Internal        Kind = "internal"
)

// Error is the one error type of the domain. Message is written for the admin who
// must fix something; Err is the cause, for logs only. Field optionally names the
// input at fault (a JSON key or form field) so pages can show the error beside it.
// SCIMType optionally carries RFC 7644's scimType (uniqueness, invalidFilter, ...).
type Error struct {
	Kind     Kind
	Message  string
	Field    string
	SCIMType string
	Err      error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Kind, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Kind, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// E makes an Error of kind with a message.
func E(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// Wrap makes an Error of kind with a message and a cause kept for the logs.
func Wrap(kind Kind, err error, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...), Err: err}
}

// InvalidField makes an Invalid error that names the field at fault.
func InvalidField(field, format string, args ...any) *Error {
	return &Error{Kind: Invalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of err: Internal for errors that are not *Error, "" for nil.
func KindOf(err error) Kind {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// IsKind reports whether err is an *Error of kind.
func IsKind(err error, kind Kind) bool { return err != nil && KindOf(err) == kind }

// MessageOf returns the admin-facing message of err, or a generic one for errors
// whose text must not reach a client.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Kind != Internal {
		return e.Message
	}
	return "Something went wrong on our side. Try again; if it keeps failing, contact support with the request ID."
}
