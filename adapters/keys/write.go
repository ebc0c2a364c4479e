package keys

import (
	"fmt"
	"os"
	"path/filepath"
)

// WriteFile writes an existing root key to a new key file with mode 0600, durably,
// and never overwrites one that exists. `harriet store copy` uses it to put the key
// beside a new bbolt file, so the copy opens as it is.
func WriteFile(path string, k Root) error {
	if !k.Valid() {
		return fmt.Errorf("writing the secret key file %s: no key given", path)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("writing the secret key file: %w", err)
	}
	_, werr := f.WriteString(k.Encode() + "\n")
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		_ = os.Remove(path)
		return fmt.Errorf("writing the secret key file %s: %w", path, werr)
	}
	syncDir(filepath.Dir(path))
	return nil
}
