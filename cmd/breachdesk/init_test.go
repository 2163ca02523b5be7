package main

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInitCreatesTheDeskAndAKeyAndWarnsToBackItUpApart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "desk")
	r := mustRun(t, nil, "", "init", "--data", dir)
	key := filepath.Join(dir, "register.key")
	r.expect(t, 0, []string{"The desk is ready", key, "Back it up now, apart from the database", "cannot be read",
		"everyone in the register is exposed", "breachdesk user add"}, nil)
	info, err := os.Stat(key)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the key file: %v, %v; want mode 0600", info, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "breachdesk.db")); err != nil {
		t.Errorf("the database was not created: %v", err)
	}
	before := readFile(t, key)
	again := mustRun(t, nil, "", "init", "--data", dir)
	again.expect(t, 0, []string{"was there already", "Nothing was changed"}, []string{"A new register key"})
	if readFile(t, key) != before {
		t.Error("init run again changed the key")
	}
}

func TestADeskWhoseKeyIsMissingOrWrongDoesNotStart(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, nil, "", "init", "--data", dir)
	key := filepath.Join(dir, "register.key")
	moved := filepath.Join(t.TempDir(), "register.key")
	if err := os.Rename(key, moved); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"serve", "--data", dir, "--addr", "127.0.0.1:0"},
		{"people", "counts", "1", "--data", dir},
		{"notify", "status", "1", "--data", dir},
	} {
		r := runCmd(t, nil, "", args...)
		r.expect(t, 1, []string{"register key is missing", "no key file at " + key, "--key-file"}, []string{"breachdesk is running"})
	}
	if _, err := os.Stat(key); !os.IsNotExist(err) {
		t.Error("serve made a new key for a register sealed with another one")
	}

	wrong := base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	r := runCmd(t, map[string]string{"BREACHDESK_REGISTER_KEY": wrong}, "", "serve", "--data", dir, "--addr", "127.0.0.1:0")
	r.expect(t, 1, []string{"does not match", "BREACHDESK_REGISTER_KEY"}, []string{wrong, "breachdesk is running"})

	// With the key where it is said to be, the desk opens.
	ok := mustRun(t, map[string]string{"BREACHDESK_KEY_FILE": moved}, "", "init", "--data", dir)
	ok.expect(t, 0, []string{"fits it"}, nil)
}

func TestCommandsWithoutTheRegisterNeedNoKey(t *testing.T) {
	dir := newDesk(t) // user add on a fresh folder: no key made, none needed
	if _, err := os.Stat(filepath.Join(dir, "register.key")); !os.IsNotExist(err) {
		t.Errorf("user add made a register key: %v", err)
	}
	r := mustRun(t, nil, "", "user", "list", "--data", dir)
	if !strings.Contains(r.stdout, adminEmail) {
		t.Errorf("user list:\n%s", r.stdout)
	}
}
