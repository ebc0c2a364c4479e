package keys

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Source says where the root key comes from, in SPEC.md's order: a key file given
// by the operator, else the key itself (base64), else a key file beside the
// database, made on first start. Bootstrap fills it from the settings.
type Source struct {
	File   string // --secret-key-file or HARRIET_SECRET_KEY_FILE
	Inline string // HARRIET_SECRET_KEY, base64 of 32 bytes
	// DBPath is the embedded database's file, for a key file at DBPath+".key";
	// "" for stores that have no such file (MySQL), where the key is required.
	DBPath string
}

// Loaded is a resolved root key and where it came from (never the key itself).
type Loaded struct {
	Root     Root
	Origin   string   // "HARRIET_SECRET_KEY" or the key file's path
	Created  bool     // the key file was made now
	Warnings []string // things the operator should fix, for the start log
}

// ErrKeyRequired says the store needs a key that was not given.
var ErrKeyRequired = errors.New("this store needs the root key: give --secret-key-file, HARRIET_SECRET_KEY_FILE or HARRIET_SECRET_KEY (32 bytes, base64; the same on every node; make one with: head -c 32 /dev/urandom | base64)")

// BesidePath returns the path of the key file kept beside a database file.
func BesidePath(dbPath string) string { return dbPath + ".key" }

// Resolve finds the root key that src names, making the key file beside the
// database on first start.
func Resolve(src Source) (Loaded, error) {
	switch {
	case src.File != "":
		root, warns, err := ReadFile(src.File)
		return Loaded{Root: root, Origin: src.File, Warnings: warns}, err
	case src.Inline != "":
		root, err := Parse(src.Inline)
		if err != nil {
			return Loaded{}, fmt.Errorf("HARRIET_SECRET_KEY: %w", err)
		}
		return Loaded{Root: root, Origin: "HARRIET_SECRET_KEY"}, nil
	case src.DBPath != "":
		return besideDB(src.DBPath)
	}
	return Loaded{}, ErrKeyRequired
}

// besideDB reads the key file beside the database, or makes it when the database
// does not exist yet. A database without its key file is refused: a new key would
// make every stored client secret unreadable.
func besideDB(dbPath string) (Loaded, error) {
	path := BesidePath(dbPath)
	root, warns, err := ReadFile(path)
	if err == nil {
		return Loaded{Root: root, Origin: path, Warnings: warns}, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return Loaded{}, err
	}
	if _, statErr := os.Stat(dbPath); statErr == nil {
		return Loaded{}, fmt.Errorf("the database %s exists but its key file %s is missing: put the key file back beside it, or give the key with --secret-key-file; "+
			"if the key is lost, make a new one (head -c 32 /dev/urandom | base64 > %s; chmod 600 %s) and run `harriet integration forget-secret` for each company it names", dbPath, path, path, path)
	}
	root, err = CreateFile(path)
	if err != nil {
		return Loaded{}, err
	}
	return Loaded{Root: root, Origin: path, Created: true}, nil
}

// ReadFile reads a key file: base64 text (as CreateFile writes) or 32 raw bytes. A
// file that group or others may read is used, with a warning to fix its mode.
func ReadFile(path string) (Root, []string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return Root{}, nil, fmt.Errorf("secret key file: %w", err)
	}
	var warns []string
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		warns = append(warns, fmt.Sprintf("the secret key file %s has mode %04o: others on this machine may read it; run: chmod 600 %s", path, perm, path))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Root{}, nil, fmt.Errorf("secret key file: %w", err)
	}
	root, perr := Parse(string(data))
	if perr == nil {
		return root, warns, nil
	}
	if len(data) == Size {
		root, err = FromBytes(data)
		return root, warns, err
	}
	return Root{}, nil, fmt.Errorf("secret key file %s: %w", path, perr)
}

// CreateFile makes a new random key file with mode 0600, durably, and never
// overwrites one that exists.
func CreateFile(path string) (Root, error) {
	b := make([]byte, Size)
	if _, err := rand.Read(b); err != nil {
		return Root{}, fmt.Errorf("making a secret key: %w", err)
	}
	root, _ := FromBytes(b)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return Root{}, fmt.Errorf("making the secret key file: %w", err)
	}
	_, werr := f.WriteString(root.Encode() + "\n")
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		_ = os.Remove(path)
		return Root{}, fmt.Errorf("writing the secret key file: %w", werr)
	}
	syncDir(filepath.Dir(path))
	return root, nil
}

// syncDir makes the new file's directory entry durable; failures are harmless on
// file systems that do not support it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
