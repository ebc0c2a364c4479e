// Package e2e drives the real, bootstrap-wired Harriet server over HTTP as Okta and an
// admin would: every Okta fixture of ../shared/okta replayed on a fresh company (on
// bbolt, and on MySQL when HARRIET_TEST_MYSQL_DSN is set), two companies with the same
// userNames kept apart, and the real binary killed with SIGKILL while it acknowledges
// SCIM creates. The tests are in the _test files; this package has no other code.
package e2e
