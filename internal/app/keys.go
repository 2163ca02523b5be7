package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

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
	if k.Base64 != "" {
		keys, err := people.KeyFromEnv(k.Base64)
		if err != nil {
			return nil, fmt.Errorf("BREACHDESK_REGISTER_KEY: %w", errors.Unwrap(err))
		}
		return checkKey(ctx, st, &RegisterKey{Keys: keys}, "BREACHDESK_REGISTER_KEY")
	}
	path := c.KeyPath(k)
	if path == "" {
		return nil, fmt.Errorf("%w: with a PostgreSQL database, give the register key with --key-file FILE "+
			"(or BREACHDESK_KEY_FILE, or the key itself in BREACHDESK_REGISTER_KEY); it must not live beside a shared database", ErrKeyMissing)
	}
	keys, err := people.LoadKeyFile(path)
	if err == nil {
		return checkKey(ctx, st, &RegisterKey{Keys: keys, Path: path}, path)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	sealed, err := hasKeyCheck(ctx, st)
	switch {
	case err != nil:
		return nil, err
	case sealed:
		return nil, fmt.Errorf("%w: this desk's register is sealed with a key, but there is no key file at %s. "+
			"Restore the key file from your backup there, or give it with --key-file FILE (BREACHDESK_KEY_FILE) "+
			"or BREACHDESK_REGISTER_KEY; without it the register cannot be read", ErrKeyMissing, path)
	case !k.Create:
		return nil, fmt.Errorf("%w: there is no key file at %s; create the desk's key with 'breachdesk init'", ErrKeyMissing, path)
	}
	return createKey(ctx, st, path)
}

// hasKeyCheck reports whether the database recorded a register key.
func hasKeyCheck(ctx context.Context, st people.Store) (bool, error) {
	_, err := st.KeyCheck(ctx)
	if errs.Is(err, errs.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read the register key check: %w", err)
	}
	return true, nil
}

// checkKey compares the key with the database's check value, or records
// its check when there is none yet.
func checkKey(ctx context.Context, st people.Store, rk *RegisterKey, source string) (*RegisterKey, error) {
	err := people.CheckKey(ctx, st, rk.Keys)
	if errs.Is(err, errs.Invalid) {
		return nil, fmt.Errorf("%w: the key from %s is not the key this desk's register was sealed with; "+
			"give the right key file with --key-file (BREACHDESK_KEY_FILE) or BREACHDESK_REGISTER_KEY", ErrKeyWrong, source)
	}
	if err != nil {
		return nil, fmt.Errorf("check the register key: %w", err)
	}
	return rk, nil
}

// createKey writes a new random key to path (never over an existing file)
// and records its check.
func createKey(ctx context.Context, st people.Store, path string) (*RegisterKey, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create the register key's folder: %w", err)
	}
	keys, err := people.GenerateKeyFile(path)
	if err != nil {
		return nil, err
	}
	rk, err := checkKey(ctx, st, &RegisterKey{Keys: keys, Path: path, Created: true}, path)
	if err != nil {
		// The key never sealed anything; a file left behind would only
		// confuse the next start.
		os.Remove(path)
		return nil, err
	}
	return rk, nil
}

// KeyWarning is what to tell the user when a key was just created at path.
func KeyWarning(path string) string {
	return "A new register key was created: " + path + "\n" +
		"  Back it up now, apart from the database (not in the same backup).\n" +
		"  Without it, the register of affected persons cannot be read.\n" +
		"  With it and a copy of the database, everyone in the register is exposed.\n"
}
