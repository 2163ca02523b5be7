package app

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/people"
	"github.com/breachdesk/breachdesk/internal/store/sqlite"
)

// keyDesk is a fresh SQLite desk's register store and its configuration.
func keyDesk(t *testing.T) (people.Store, StoreConfig) {
	t.Helper()
	dir := t.TempDir()
	db, err := sqlite.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db.People(), StoreConfig{DataDir: dir}
}

func randomKey(t *testing.T) string {
	t.Helper()
	b := make([]byte, people.KeySize)
	rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

func TestAFreshDeskGetsAKeyFileOnlyItsOwnerCanRead(t *testing.T) {
	st, c := keyDesk(t)
	ctx := context.Background()
	rk, err := LoadRegisterKey(ctx, st, c, KeyConfig{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(c.DataDir, KeyFileName)
	if !rk.Created || rk.Path != want || rk.Keys == nil {
		t.Fatalf("key = %+v, want one created at %s", rk, want)
	}
	info, err := os.Stat(want)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("the key file's mode is %v, want 0600", info.Mode().Perm())
	}
	if text := readText(t, want); !strings.Contains(text, "BACK IT UP apart from the database") {
		t.Errorf("the key file does not say to back it up:\n%s", text)
	}
	if _, err := st.KeyCheck(ctx); err != nil {
		t.Errorf("the key check was not recorded: %v", err)
	}
	again, err := LoadRegisterKey(ctx, st, c, KeyConfig{})
	if err != nil {
		t.Fatalf("the desk does not open with its own key: %v", err)
	}
	if again.Created || again.Path != want {
		t.Errorf("second load = %+v, want the same file, not created", again)
	}
	for _, w := range []string{"Back it up", "cannot be read", "exposed", want} {
		if !strings.Contains(KeyWarning(want), w) {
			t.Errorf("the warning lacks %q", w)
		}
	}
}

func TestADeskWithoutKeyIsNotGivenOneUnlessAskedTo(t *testing.T) {
	st, c := keyDesk(t)
	_, err := LoadRegisterKey(context.Background(), st, c, KeyConfig{})
	if !errors.Is(err, ErrKeyMissing) || !strings.Contains(err.Error(), "breachdesk init") {
		t.Errorf("err = %v, want ErrKeyMissing pointing to init", err)
	}
	if _, err := os.Stat(filepath.Join(c.DataDir, KeyFileName)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a key file was created: %v", err)
	}
}

func TestADeskWhoseKeyFileIsGoneRefusesToStartAndSaysWhereItLooked(t *testing.T) {
	st, c := keyDesk(t)
	ctx := context.Background()
	rk, err := LoadRegisterKey(ctx, st, c, KeyConfig{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(rk.Path); err != nil {
		t.Fatal(err)
	}
	_, err = LoadRegisterKey(ctx, st, c, KeyConfig{Create: true})
	if !errors.Is(err, ErrKeyMissing) || !strings.Contains(err.Error(), rk.Path) || !strings.Contains(err.Error(), "--key-file") {
		t.Errorf("err = %v, want ErrKeyMissing naming %s and --key-file", err, rk.Path)
	}
	if _, err := os.Stat(rk.Path); !errors.Is(err, os.ErrNotExist) {
		t.Error("a new key was made for a register sealed with another one")
	}
}

func TestAWrongKeyIsRefusedWithoutShowingIt(t *testing.T) {
	st, c := keyDesk(t)
	ctx := context.Background()
	if _, err := LoadRegisterKey(ctx, st, c, KeyConfig{Create: true}); err != nil {
		t.Fatal(err)
	}
	other := randomKey(t)
	otherFile := filepath.Join(t.TempDir(), "other.key")
	if err := os.WriteFile(otherFile, []byte(other+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, k := range map[string]KeyConfig{
		"file":        {File: otherFile},
		"environment": {Base64: other},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := LoadRegisterKey(ctx, st, c, k)
			if !errors.Is(err, ErrKeyWrong) {
				t.Fatalf("err = %v, want ErrKeyWrong", err)
			}
			if strings.Contains(err.Error(), other) {
				t.Error("the message shows the key")
			}
		})
	}
}

func TestTheKeyMayComeFromTheEnvironment(t *testing.T) {
	st, c := keyDesk(t)
	ctx := context.Background()
	key := randomKey(t)
	rk, err := LoadRegisterKey(ctx, st, c, KeyConfig{Base64: key, Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if rk.Created || rk.Path != "" {
		t.Errorf("key = %+v, want it from the environment", rk)
	}
	if _, err := os.Stat(filepath.Join(c.DataDir, KeyFileName)); !errors.Is(err, os.ErrNotExist) {
		t.Error("a key file was written although the key came from the environment")
	}
	if _, err := LoadRegisterKey(ctx, st, c, KeyConfig{Base64: key}); err != nil {
		t.Errorf("the same key again: %v", err)
	}
}

func TestWhatIsNotAKeyIsRefusedWithoutRepeatingIt(t *testing.T) {
	st, c := keyDesk(t)
	ctx := context.Background()
	dir := t.TempDir()
	cases := map[string]string{
		"not base64":     "this is not base64 at all!",
		"too short":      base64.StdEncoding.EncodeToString([]byte("sixteen bytes!!!")),
		"only a comment": "# nothing here",
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(dir, strings.ReplaceAll(name, " ", "_"))
			if err := os.WriteFile(file, []byte(content+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := LoadRegisterKey(ctx, st, c, KeyConfig{File: file})
			if err == nil || !strings.Contains(err.Error(), file) {
				t.Fatalf("err = %v, want one naming %s", err, file)
			}
			if strings.Contains(err.Error(), strings.TrimPrefix(content, "# ")) {
				t.Errorf("the message repeats the file's content: %v", err)
			}
		})
	}
	_, err := LoadRegisterKey(ctx, st, c, KeyConfig{Base64: "AAAA"})
	if err == nil || !strings.Contains(err.Error(), "BREACHDESK_REGISTER_KEY") {
		t.Errorf("a bad BREACHDESK_REGISTER_KEY: err = %v", err)
	}
}

func TestPostgreSQLNeedsTheKeyToBeGivenExplicitly(t *testing.T) {
	st, _ := keyDesk(t)
	c := StoreConfig{DBURL: "postgres://desk@db.example/desk"}
	if p := c.KeyPath(KeyConfig{}); p != "" {
		t.Errorf("KeyPath = %q, want none beside a shared database", p)
	}
	_, err := LoadRegisterKey(context.Background(), st, c, KeyConfig{Create: true})
	if !errors.Is(err, ErrKeyMissing) || !strings.Contains(err.Error(), "--key-file") {
		t.Errorf("err = %v, want ErrKeyMissing asking for --key-file", err)
	}
	file := filepath.Join(t.TempDir(), "keys", "register.key")
	rk, err := LoadRegisterKey(context.Background(), st, c, KeyConfig{File: file, Create: true})
	if err != nil || !rk.Created || rk.Path != file {
		t.Errorf("with --key-file: %+v, %v", rk, err)
	}
}

func readText(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
