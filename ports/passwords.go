package ports

// Passwords hashes and checks passwords for password sign-in.
type Passwords interface {
	// Hash returns a salted, slow hash of password. The caller has already checked
	// its length (core.ValidatePassword).
	Hash(password string) ([]byte, error)
	// Verify reports whether password matches hash. With an empty hash it spends the
	// same time as a real comparison and reports false, so that an unknown account
	// is not revealed by timing.
	Verify(hash []byte, password string) (bool, error)
}
