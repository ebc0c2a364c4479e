package mysqlstore

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/go-sql-driver/mysql"

	"harriet/core"
)

// This file is the one place where driver and server errors become core.Error kinds.
// Repository code returns core errors of its own (NotFound) or passes driver errors
// through Store.fail, which calls mapErr.

// Server error numbers the store treats specially.
const (
	erDupEntry          = 1062
	erLockWaitTimeout   = 1205
	erLockDeadlock      = 1213
	erDataTooLong       = 1406
	erTruncatedWrongVal = 1366
	erNoSuchTable       = 1146
	erTooManyConns      = 1040
	erServerShutdown    = 1053
	erAccessDenied      = 1045
	erDBAccessDenied    = 1044
	erAccessDeniedNoPw  = 1698
	erBadDB             = 1049
	erNoDB              = 1046 // the connection's database was dropped
	erTableAccess       = 1142 // a privilege on a table was revoked
	erColumnAccess      = 1143
	erSpecificAccess    = 1227
	erReadOnly          = 1290
	erReadOnlyTx        = 1792
	erConnKilled        = 1927 // MariaDB
	erQueryTimeout      = 3024 // MySQL max_execution_time
	erStatementTimeout  = 1969 // MariaDB max_statement_time
)

// retryable marks an error after which the whole transaction may be run again: InnoDB
// chose it as a deadlock victim or a row lock wait timed out.
type retryable struct{ err error }

func (r retryable) Error() string { return r.err.Error() }
func (r retryable) Unwrap() error { return r.err }

// isRetryable reports whether err (mapped or not) means "run the transaction again".
func isRetryable(err error) bool {
	var r retryable
	return errors.As(err, &r)
}

// mapErr turns a driver error into a core.Error. core errors pass unchanged.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	var ce *core.Error
	if errors.As(err, &ce) {
		return err
	}
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return serverErr(me)
	}
	if isConnErr(err) {
		return core.Wrap(core.Unavailable, err, "The database did not answer; try again in a moment.")
	}
	return core.Wrap(core.Internal, err, "The database failed.")
}

// serverErr maps an error the MySQL server sent.
func serverErr(me *mysql.MySQLError) error {
	switch me.Number {
	case erDupEntry:
		return duplicate(me)
	case erLockDeadlock, erLockWaitTimeout:
		return core.Wrap(core.Unavailable, retryable{me}, "The database is busy with other changes to the same records; try again in a moment.")
	case erDataTooLong, erTruncatedWrongVal:
		field := fieldOfColumn(me.Message)
		return core.Wrap(core.Invalid, me, "The %s is too long or holds characters that cannot be stored.", field)
	case erTooManyConns, erServerShutdown, erReadOnly, erReadOnlyTx, erConnKilled,
		erQueryTimeout, erStatementTimeout:
		return core.Wrap(core.Unavailable, me, "The database cannot take this change right now; try again in a moment.")
	case erAccessDenied, erDBAccessDenied, erAccessDeniedNoPw, erTableAccess, erColumnAccess, erSpecificAccess,
		erBadDB, erNoDB, erNoSuchTable:
		// The operator's to fix, and the client's to retry: a 503 with Retry-After
		// (Okta does not retry a 4xx), with the operator's advice in the log only.
		return core.Wrap(core.Unavailable, fmt.Errorf("%s: %w", operatorAdvice(me), me), msgStoreUnusable)
	}
	return core.Wrap(core.Internal, me, "The database failed.")
}

// msgStoreUnusable is what a client is told while the store refuses the service's
// login or has lost its database.
const msgStoreUnusable = "Harriet cannot use its database right now; try again in a moment (the reason is in Harriet's log for its operator)."

// operatorAdvice says what the operator must fix for a login or database error.
func operatorAdvice(me *mysql.MySQLError) string {
	switch me.Number {
	case erBadDB, erNoDB:
		return "the MySQL database named in the store DSN does not exist: create it with CREATE DATABASE name CHARACTER SET utf8mb4 and restore it from a backup, or run harriet migrate"
	case erNoSuchTable:
		return "a table of Harriet's schema is missing from the database: restore the database from a backup (harriet migrate does not make again a table of a step it has applied)"
	case erTableAccess, erColumnAccess, erSpecificAccess:
		return "MySQL refused a statement for lack of privileges: grant the store DSN's user ALL on Harriet's database"
	}
	return "MySQL refused the login: check the user, password and grants in the store DSN"
}

// isConnErr reports errors that mean the server could not be reached or the call ran
// out of time: worth trying again later, never a 500.
func isConnErr(err error) bool {
	var ne net.Error
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, mysql.ErrInvalidConn) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) ||
		errors.As(err, &ne)
}

// uniqueKeys names, per unique index, the field the admin must change and why.
var uniqueKeys = map[string]struct{ field, msg string }{
	"uq_users_user_name":     {"userName", "Another user in this company already has this userName (userNames compare case-insensitively)."},
	"uq_users_email":         {"emails", "Another user in this company already has this primary email (emails compare case-insensitively)."},
	"uq_groups_name":         {"displayName", "Another group in this company already has this displayName."},
	"uq_companies_slug":      {"company", "A company with this slug already exists; choose another slug."},
	"uq_integrations_domain": {"domain", "This email domain is already used by another company's Okta integration; a domain belongs to one company."},
	"uq_tokens_hash":         {"token", "This token already exists."},
	"PRIMARY":                {"id", "A record with this ID already exists."},
}

// duplicate maps a 1062 to Conflict naming the key that is taken. MySQL names the key
// "table.key", MariaDB "key"; the duplicate value itself is not repeated.
func duplicate(me *mysql.MySQLError) error {
	key := quotedAfter(me.Message, "for key ")
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		key = key[i+1:]
	}
	k, ok := uniqueKeys[key]
	if !ok {
		k = uniqueKeys["PRIMARY"]
	}
	return &core.Error{Kind: core.Conflict, Message: k.msg, Field: k.field, SCIMType: "uniqueness", Err: me}
}

// columnFields names, per column, the input an admin recognises.
var columnFields = map[string]string{
	"user_name": "userName", "user_name_key": "userName", "email_key": "primary email",
	"external_id": "externalId", "display_name": "displayName", "name_key": "displayName",
	"domain": "domain", "domain_key": "domain", "slug": "company slug", "name": "name",
}

// fieldOfColumn finds the column in "Data too long for column 'x' at row 1" or in
// MariaDB's "... for column `db`.`table`.`x` at row 1".
func fieldOfColumn(msg string) string {
	col := ""
	if i := strings.Index(msg, "column "); i >= 0 {
		col, _, _ = strings.Cut(msg[i+len("column "):], " at row")
		col = strings.Trim(col, "`'\" ")
		if j := strings.LastIndex(col, "."); j >= 0 {
			col = strings.Trim(col[j+1:], "`'\"")
		}
	}
	if f, ok := columnFields[col]; ok {
		return f
	}
	if col != "" {
		return strings.ReplaceAll(col, "_", " ")
	}
	return "value"
}

// quotedAfter returns the text between the quotes that follow marker in msg.
func quotedAfter(msg, marker string) string {
	i := strings.Index(msg, marker)
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(msg[i+len(marker):], "`'\"")
	if j := strings.IndexAny(rest, "`'\""); j >= 0 {
		return rest[:j]
	}
	return rest
}

// openErr says what stopped Open, naming the server and database (never the
// password) so the operator can fix the store DSN.
func openErr(cfg *mysql.Config, err error) error {
	var me *mysql.MySQLError
	switch {
	case errors.As(err, &me) && me.Number == erBadDB:
		return core.Wrap(core.Precondition, err, "The MySQL database %q does not exist on %s: create it with CREATE DATABASE %s CHARACTER SET utf8mb4, then start again.", cfg.DBName, cfg.Addr, cfg.DBName)
	case errors.As(err, &me) && (me.Number == erAccessDenied || me.Number == erDBAccessDenied || me.Number == erAccessDeniedNoPw):
		return core.Wrap(core.Precondition, err, "MySQL at %s refused the login: check the user, password and grants in the store DSN.", cfg.Addr)
	case core.IsKind(err, core.Unavailable):
		return core.Wrap(core.Unavailable, err, "Could not reach MySQL at %s: check that the server runs and that the store DSN names the right host and port.", cfg.Addr)
	}
	return err
}

// isNoSuchTable reports a missing table (the schema was never migrated).
func isNoSuchTable(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && me.Number == erNoSuchTable
}

func notFound(what, id string) error {
	return core.E(core.NotFound, "No %s with ID %q in this company.", what, id)
}
