package app

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

// The register of affected persons is sealed with one 32-byte key. It
// lives apart from the database, in a key file (or the environment), so
// that a copy of the database alone reveals no one. The database keeps a
// check value derived from the key, so that a desk started with another
// key refuses to start instead of sealing new persons with it.

// KeyFileName is the key file's name in the data folder when no other
// place is given (SQLite only).
const KeyFileName = "register.key"

// keySize is the master key's length in bytes.
const keySize = 32

// KeyConfig says where the register's key is.
type KeyConfig struct {
	// File is the key file (--key-file). Empty: register.key in the data
	// folder for SQLite; with PostgreSQL a file (or Base64) is required.
	File string
	// Base64 is the key itself (BREACHDESK_REGISTER_KEY); it wins over File.
	Base64 string
	// Create makes a new key file when there is none and the database has
	// no register key recorded yet (a fresh desk).
	Create bool
}

// RegisterKey is the register's key as loaded.
type RegisterKey struct {
	Keys *people.Keyring
	// Path is the key file it was read from or written to; "" when it came
	// from BREACHDESK_REGISTER_KEY.
	Path string
	// Created is set when the key was made just now: the user must be told
	// to back it up (see KeyWarning).
	Created bool
}

// ErrKeyMissing is returned when the database's register is sealed but no
// key was given, or none could be found where one was looked for.
var ErrKeyMissing = errors.New("the register key is missing")

// ErrKeyWrong is returned when the key given is not the one the database's
// register was sealed with.
var ErrKeyWrong = errors.New("the register key does not match this desk")

// KeyPath is the key file the configuration points to; "" when there is
// none (PostgreSQL without --key-file).
func (c StoreConfig) KeyPath(k KeyConfig) string {
	if k.File != "" || c.UsesPostgres() {
		return k.File
	}
	return filepath.Join(c.dataDir(), KeyFileName)
}

// LoadRegisterKey finds the register's key, checks it against the check
// value the database holds, and records the check on first use. With
// k.Create, a fresh desk without a key gets a new key file (0600).
func LoadRegisterKey(ctx context.Context, st people.Store, c StoreConfig, k KeyConfig) (*RegisterKey, error) {
	stored, err := st.KeyCheck(ctx)
	if errs.Is(err, errs.NotFound) {
		stored, err = nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the register key check: %w", err)
	}
	if k.Base64 != "" {
		master, err := decodeKey(k.Base64)
		if err != nil {
			return nil, fmt.Errorf("BREACHDESK_REGISTER_KEY: %w", err)
		}
		return useKey(ctx, st, stored, master, &RegisterKey{}, "BREACHDESK_REGISTER_KEY")
	}
	path := c.KeyPath(k)
	if path == "" {
		return nil, fmt.Errorf("%w: with a PostgreSQL database, give the register key with --key-file FILE "+
			"(or BREACHDESK_KEY_FILE, or the key itself in BREACHDESK_REGISTER_KEY); it must not live beside a shared database", ErrKeyMissing)
	}
	master, err := readKeyFile(path)
	switch {
	case err == nil:
		return useKey(ctx, st, stored, master, &RegisterKey{Path: path}, path)
	case !errors.Is(err, os.ErrNotExist):
		return nil, err
	case stored != nil:
		return nil, fmt.Errorf("%w: this desk's register is sealed with a key, but there is no key file at %s. "+
			"Restore the key file from your backup there, or give it with --key-file FILE (BREACHDESK_KEY_FILE) "+
			"or BREACHDESK_REGISTER_KEY; without it the register cannot be read", ErrKeyMissing, path)
	case !k.Create:
		return nil, fmt.Errorf("%w: there is no key file at %s; create the desk's key with 'breachdesk init'", ErrKeyMissing, path)
	}
	return createKey(ctx, st, path)
}

// useKey checks master against the stored check value, or stores its
// check when there is none yet.
func useKey(ctx context.Context, st people.Store, stored, master []byte, rk *RegisterKey, source string) (*RegisterKey, error) {
	keys, err := people.NewKeyring(master)
	if err != nil {
		return nil, err
	}
	rk.Keys = keys
	if stored == nil {
		if err := storeCheck(ctx, st, keys); err != nil {
			return nil, err
		}
		return rk, nil
	}
	if subtle.ConstantTimeCompare(stored, keys.Check()) != 1 {
		return nil, fmt.Errorf("%w: the key from %s is not the key this desk's register was sealed with; "+
			"give the right key file with --key-file (BREACHDESK_KEY_FILE) or BREACHDESK_REGISTER_KEY", ErrKeyWrong, source)
	}
	return rk, nil
}

// storeCheck records the key's check value. Another process may have
// recorded one in the meantime; then it must be the same key.
func storeCheck(ctx context.Context, st people.Store, keys *people.Keyring) error {
	err := st.Update(ctx, func(tx people.Tx) error { return tx.SetKeyCheck(ctx, keys.Check()) })
	if !errs.Is(err, errs.Conflict) {
		return err
	}
	stored, err := st.KeyCheck(ctx)
	if err != nil {
		return err
	}
	if subtle.ConstantTimeCompare(stored, keys.Check()) != 1 {
		return fmt.Errorf("%w: another key was recorded for this desk at the same time", ErrKeyWrong)
	}
	return nil
}

// createKey writes a new random key to path (never over an existing file)
// and records its check.
func createKey(ctx context.Context, st people.Store, path string) (*RegisterKey, error) {
	master := make([]byte, keySize)
	if _, err := rand.Read(master); err != nil {
		return nil, fmt.Errorf("make the register key: %w", err)
	}
	if err := writeKeyFile(path, master); err != nil {
		return nil, err
	}
	rk, err := useKey(ctx, st, nil, master, &RegisterKey{Path: path, Created: true}, path)
	if err != nil {
		// The key never sealed anything; a file left behind would only
		// confuse the next start.
		os.Remove(path)
		return nil, err
	}
	return rk, nil
}

// keyFileHeader explains the file to whoever opens it.
const keyFileHeader = `# breachdesk register key: it seals the contact data of the affected persons.
# Back it up apart from the database. Without it the register cannot be read;
# with it and a copy of the database, everyone in the register is exposed.
`

func writeKeyFile(path string, master []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create the register key's folder: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create the register key file: %w", err)
	}
	_, err = f.WriteString(keyFileHeader + base64.StdEncoding.EncodeToString(master) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("write the register key file: %w", err)
	}
	return nil
}

// readKeyFile reads a key file: comment lines (#) and blank lines are
// skipped, the first other line is the key in base64.
func readKeyFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("read the register key file: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		master, err := decodeKey(line)
		if err != nil {
			return nil, fmt.Errorf("the register key file %s: %w", path, err)
		}
		return master, nil
	}
	return nil, fmt.Errorf("the register key file %s holds no key", path)
}

// decodeKey reads a base64 key; the message never repeats the value.
func decodeKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	master, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		master, err = base64.RawStdEncoding.DecodeString(s)
	}
	if err != nil {
		return nil, errors.New("not a key: it must be 32 random bytes in base64, as 'breachdesk init' writes it")
	}
	if len(master) != keySize {
		return nil, fmt.Errorf("not a key: it holds %d bytes, a register key has %d", len(master), keySize)
	}
	return master, nil
}

// KeyWarning is what to tell the user when a key was just created at path.
func KeyWarning(path string) string {
	return "A new register key was created: " + path + "\n" +
		"  Back it up now, apart from the database (not in the same backup).\n" +
		"  Without it, the register of affected persons cannot be read.\n" +
		"  With it and a copy of the database, everyone in the register is exposed.\n"
}
