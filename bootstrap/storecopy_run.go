package bootstrap

import (
	"context"
	"fmt"
	"io"
	"strings"

	"harriet/adapters/keys"
	"harriet/core/usecase"
)

// runStoreCopy copies src into dst with progress on stderr, then prints the
// verification to stdout. Counts that differ are an error (exit 1).
func runStoreCopy(ctx context.Context, src, dst *copyEnd, stdout, stderr io.Writer) error {
	fromBox, err := keys.NewSecretBox(src.key, keys.PurposeOktaClientSecret)
	if err != nil {
		return err
	}
	toBox, err := keys.NewSecretBox(dst.key, keys.PurposeOktaClientSecret)
	if err != nil {
		return err
	}
	bar := newCopyProgress(stderr, isTerminal(stderr))
	sc := &usecase.StoreCopy{From: src.db, To: dst.db, FromSecrets: fromBox, ToSecrets: toBox, Progress: bar.update}
	res, err := sc.Run(ctx)
	bar.finish()
	if err != nil {
		return partialCopy(err, res, dst)
	}
	if err := printVerification(stdout, res); err != nil {
		return err
	}
	if bad := res.Mismatches(); len(bad) > 0 {
		return fmt.Errorf("the copy is NOT verified: %s", strings.Join(bad, "; "))
	}
	return nil
}

// partialCopy adds, to a failure after the copy wrote something, what the operator
// must do before trying again.
func partialCopy(err error, res usecase.CopyResult, dst *copyEnd) error {
	written := 0
	for _, n := range res.Written {
		written += n
	}
	if written == 0 {
		return err
	}
	what := "drop and re-create the database"
	if dst.kind.keyBeside {
		what = "delete " + dst.target + " (and its key file if this copy wrote it)"
	}
	return fmt.Errorf("%s The destination holds a partial copy: %s before copying again", oneLine(err), what)
}

// printVerification writes the counts read back from both stores, one row per
// aggregate, and says that sessions are not copied.
func printVerification(w io.Writer, res usecase.CopyResult) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Verification (records read back from each store):\n")
	fmt.Fprintf(&b, "  %-14s %12s %12s\n", "aggregate", "source", "destination")
	for _, agg := range usecase.CopyAggregates {
		mark := "ok"
		if res.Source[agg] != res.Destination[agg] {
			mark = "DIFFERENT"
		}
		fmt.Fprintf(&b, "  %-14s %12d %12d  %s\n", agg, res.Source[agg], res.Destination[agg], mark)
	}
	b.WriteString("Sessions are not copied: people sign in again on the new store.\n")
	if len(res.Mismatches()) == 0 {
		b.WriteString("The copy is complete and verified.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
