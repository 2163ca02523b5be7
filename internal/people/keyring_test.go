package people

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func testKeyring(t testing.TB, b byte) *Keyring {
	t.Helper()
	k, err := NewKeyring(bytes.Repeat([]byte{b}, KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealOpensOnlyWithTheSameKeyAndAD(t *testing.T) {
	k, other := testKeyring(t, 1), testKeyring(t, 2)
	plain, ad := []byte(`{"name":"Jürgen Müller"}`), []byte("incident 1")
	sealed := k.Seal(plain, ad)
	if bytes.Contains(sealed, []byte("Müller")) || len(sealed) != 24+len(plain)+16 {
		t.Fatalf("sealed value: %x", sealed)
	}
	if again := k.Seal(plain, ad); bytes.Equal(again, sealed) {
		t.Fatal("two seals of one value are equal: the nonce is not random")
	}
	got, err := k.Open(sealed, ad)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("open: %q %v", got, err)
	}
	tampered := bytes.Clone(sealed)
	tampered[30] ^= 1
	for name, try := range map[string]func() ([]byte, error){
		"other key":    func() ([]byte, error) { return other.Open(sealed, ad) },
		"other ad":     func() ([]byte, error) { return k.Open(sealed, []byte("incident 2")) },
		"tampered":     func() ([]byte, error) { return k.Open(tampered, ad) },
		"too short":    func() ([]byte, error) { return k.Open(sealed[:20], ad) },
		"empty sealed": func() ([]byte, error) { return k.Open(nil, ad) },
	} {
		if _, err := try(); err == nil {
			t.Errorf("%s opened", name)
		} else if strings.Contains(err.Error(), "Müller") || strings.Contains(err.Error(), hex.EncodeToString(sealed[:8])) {
			t.Errorf("%s: the error quotes data: %v", name, err)
		}
	}
}

func TestIndexIsKeyedAndSeparatesKinds(t *testing.T) {
	k, other := testKeyring(t, 1), testKeyring(t, 2)
	a := k.Index(IndexEmail, "a@example.com")
	if !bytes.Equal(a.Hash, k.Index(IndexEmail, "a@example.com").Hash) || len(a.Hash) != IndexSize {
		t.Fatal("the index is not deterministic")
	}
	if bytes.Equal(a.Hash, k.Index(IndexName, "a@example.com").Hash) {
		t.Fatal("two kinds give the same index")
	}
	if bytes.Equal(a.Hash, other.Index(IndexEmail, "a@example.com").Hash) {
		t.Fatal("two keys give the same index")
	}
	// The kind and the value are separated, so "email"+"x" is not "emailx".
	if bytes.Equal(k.Index("e", "mailx").Hash, k.Index("email", "x").Hash) {
		t.Fatal("kind and value run together")
	}
	if bytes.Equal(k.Check(), other.Check()) || !bytes.Equal(k.Check(), testKeyring(t, 1).Check()) {
		t.Fatal("the check value does not tell keys apart")
	}
}

func TestNewKeyringRefusesAKeyOfTheWrongSize(t *testing.T) {
	if _, err := NewKeyring(make([]byte, 16)); err == nil {
		t.Fatal("a 16-byte key was taken")
	}
}

func TestParseKey(t *testing.T) {
	key := bytes.Repeat([]byte{0xfe}, KeySize)
	for _, text := range []string{
		base64.StdEncoding.EncodeToString(key),
		base64.RawURLEncoding.EncodeToString(key),
		hex.EncodeToString(key),
		"# comment\n\n  " + base64.StdEncoding.EncodeToString(key) + "  \r\n",
	} {
		got, err := ParseKey([]byte(text))
		if err != nil || !bytes.Equal(got, key) {
			t.Errorf("%q: %x %v", text, got, err)
		}
	}
	secret := base64.StdEncoding.EncodeToString(key[:16])
	for _, text := range []string{"", "# only a comment\n", secret, "zz" + strings.Repeat("0", 62), "a\nb"} {
		_, err := ParseKey([]byte(text))
		if err == nil {
			t.Errorf("%q was taken", text)
		} else if strings.Contains(err.Error(), secret) {
			t.Errorf("the error quotes the key: %v", err)
		}
	}
}

func TestKeyFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "people.key")
	made, err := GenerateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v %v", fi.Mode(), err)
	}
	loaded, err := LoadKeyFile(path)
	if err != nil || !bytes.Equal(loaded.Check(), made.Check()) {
		t.Fatalf("load: %v", err)
	}
	if _, err := GenerateKeyFile(path); err == nil || !strings.Contains(err.Error(), "never overwritten") {
		t.Fatalf("a second generate: %v", err)
	}
	if again, _ := LoadKeyFile(path); !bytes.Equal(again.Check(), made.Check()) {
		t.Fatal("the key file changed")
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadKeyFile(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("a world-readable key file: %v", err)
	}
	text, _ := os.ReadFile(path)
	fromEnv, err := KeyFromEnv(string(text))
	if err != nil || !bytes.Equal(fromEnv.Check(), made.Check()) {
		t.Fatalf("from the environment: %v", err)
	}
}

var knownKeyError = regexp.MustCompile(`^(the key must be one line \(besides # comments\)|no key found \(the file or value is empty\)|the key is \d+ bytes long, it must be 32|the key is neither 32 bytes in base64 nor 64 hex digits)$`)

func FuzzParseKey(f *testing.F) {
	f.Add([]byte(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1}, KeySize))))
	f.Add([]byte(strings.Repeat("ab", KeySize)))
	f.Add([]byte("# x\n\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		key, err := ParseKey(text)
		if err == nil && len(key) != KeySize {
			t.Fatalf("a key of %d bytes", len(key))
		}
		// Every message is one of a few fixed sentences with numbers, so
		// none can carry the input.
		if err != nil && !knownKeyError.MatchString(err.Error()) {
			t.Fatalf("unexpected message: %v", err)
		}
	})
}
