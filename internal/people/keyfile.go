package people

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// The register's key lives in a key file (or an environment variable) apart
// from the database, so that a copy of the database alone reveals no one.
// The file holds the 32-byte key in base64 (standard or URL alphabet, with
// or without padding) or in hex; blank lines and lines starting with # are
// ignored.

// keyFileHeader goes above a generated key: whoever finds the file learns
// what it is and why it must be kept.
const keyFileHeader = `# breachdesk register key: it seals the contact data of affected persons.
# BACK IT UP apart from the database. Without it the register cannot be read;
# with it and a copy of the database, everyone in the register can be.
`

// ParseKey reads a key in the key file format. Its errors never quote the
// input: it is a secret.
func ParseKey(text []byte) ([]byte, error) {
	var value []byte
	for _, line := range bytes.Split(text, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if value != nil {
			return nil, errors.New("the key must be one line (besides # comments)")
		}
		value = line
	}
	if value == nil {
		return nil, errors.New("no key found (the file or value is empty)")
	}
	s := string(value)
	if len(s) == 2*KeySize {
		if key, err := hex.DecodeString(s); err == nil {
			return key, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		key, err := enc.DecodeString(s)
		if err != nil {
			continue
		}
		if len(key) != KeySize {
			return nil, fmt.Errorf("the key is %d bytes long, it must be %d", len(key), KeySize)
		}
		return key, nil
	}
	return nil, fmt.Errorf("the key is neither %d bytes in base64 nor %d hex digits", KeySize, 2*KeySize)
}

// LoadKeyFile reads the register's key from path. A file that other users
// of the machine may read is refused: the key unlocks every person in the
// register.
func LoadKeyFile(path string) (*Keyring, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("register key file: %w", err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("register key file %s can be read by other users (mode %04o); run: chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("register key file: %w", err)
	}
	key, err := ParseKey(text)
	if err != nil {
		return nil, fmt.Errorf("register key file %s: %w", path, err)
	}
	return NewKeyring(key)
}

// KeyFromEnv reads the register's key from the value of an environment
// variable (BREACHDESK_PEOPLE_KEY), in the key file format.
func KeyFromEnv(value string) (*Keyring, error) {
	key, err := ParseKey([]byte(value))
	if err != nil {
		return nil, fmt.Errorf("register key from the environment: %w", err)
	}
	return NewKeyring(key)
}

// GenerateKeyFile creates a new random key in a new file at path (mode
// 0600). It never overwrites a file: a lost key makes the register
// unreadable for good.
func GenerateKeyFile(path string) (*Keyring, error) {
	key := make([]byte, KeySize)
	_, _ = rand.Read(key) // never fails, see Keyring.Seal
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("register key file %s exists already; it is never overwritten (move it away yourself if you really mean to)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("register key file: %w", err)
	}
	content := keyFileHeader + base64.StdEncoding.EncodeToString(key) + "\n"
	if _, err := f.WriteString(content); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("register key file %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("register key file %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("register key file %s: %w", path, err)
	}
	return NewKeyring(key)
}

// CheckKey makes sure keys is the register's key: the first start records
// its check value; every later start compares. A desk started with another
// key would seal new persons that the old key cannot open, and find none of
// the old ones.
func CheckKey(ctx context.Context, store Store, keys *Keyring) error {
	want := keys.Check()
	stored, err := store.KeyCheck(ctx)
	switch {
	case errs.Is(err, errs.NotFound):
		err = store.Update(ctx, func(tx Tx) error { return tx.SetKeyCheck(ctx, want) })
		if errs.Is(err, errs.Conflict) {
			return CheckKey(ctx, store, keys) // another process recorded one first
		}
		return err
	case err != nil:
		return err
	}
	if subtle.ConstantTimeCompare(stored, want) != 1 {
		return errs.E(errs.Invalid, "the register key is not the one this database was created with; start with the original key file (see docs/people.md)")
	}
	return nil
}
