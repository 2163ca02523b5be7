package people

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"sync"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/hkdf"
)

// KeySize is the length of the register's master key.
const KeySize = 32

// HKDF "info" labels: each derived key has its own, so the sealing key and
// the index key are independent even though they come from one master key.
const (
	sealInfo  = "breachdesk people seal v1"
	indexInfo = "breachdesk people index v1"
	checkInfo = "breachdesk people key check v1"
)

// Keyring holds the register's key: one 32-byte master key from which an
// AEAD key (XChaCha20-Poly1305) and a blind-index key (HMAC-SHA-256) are
// derived with HKDF, so neither can be learned from the other.
type Keyring struct {
	seal, index []byte
	// macs reuses HMAC states: an import computes millions of indexes.
	macs sync.Pool
}

// errOpen is the one error Open gives: which of the reasons it was (wrong
// key, moved value, damaged bytes) cannot be told apart, and no part of the
// sealed value or the key belongs in a message.
var errOpen = errors.New("people: a sealed value does not open with this key (wrong key, or the value was changed or moved)")

// NewKeyring derives the keys from a 32-byte master key.
func NewKeyring(master []byte) (*Keyring, error) {
	if len(master) != KeySize {
		return nil, fmt.Errorf("people: the register's key must be %d bytes, not %d", KeySize, len(master))
	}
	k := &Keyring{seal: derive(master, sealInfo), index: derive(master, indexInfo)}
	k.macs.New = func() any { return hmac.New(sha256.New, k.index) }
	return k, nil
}

// derive reads a 32-byte key for info from the master key.
func derive(master []byte, info string) []byte {
	out := make([]byte, 32)
	if _, err := io.ReadFull(hkdf.New(sha256.New, master, nil, []byte(info)), out); err != nil {
		panic("people: hkdf: " + err.Error()) // 32 bytes of HKDF-SHA256 never run out
	}
	return out
}

// Seal encrypts plain, bound to ad (so a sealed value cannot be moved to
// another row). The result is a random 24-byte nonce followed by the
// ciphertext and its tag.
func (k *Keyring) Seal(plain, ad []byte) []byte {
	aead, err := chacha20poly1305.NewX(k.seal)
	if err != nil {
		panic("people: seal key: " + err.Error()) // the key has the right size by construction
	}
	out := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	// crypto/rand.Read never fails (the program stops if the system's
	// randomness is gone), so there is no error to pass on.
	_, _ = rand.Read(out)
	return aead.Seal(out, out, plain, ad)
}

// Open decrypts what Seal sealed.
func (k *Keyring) Open(sealed, ad []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(k.seal)
	if err != nil {
		return nil, errOpen
	}
	if len(sealed) < aead.NonceSize()+aead.Overhead() {
		return nil, errOpen
	}
	nonce, box := sealed[:aead.NonceSize()], sealed[aead.NonceSize():]
	plain, err := aead.Open(nil, nonce, box, ad)
	if err != nil {
		return nil, errOpen
	}
	return plain, nil
}

// IndexSize is the length of a blind index: the first 16 bytes of the
// HMAC-SHA-256. 128 bits keep two values of one incident apart with
// certainty at any register size, and half the bytes make the index half
// as large and an import dirty half as many pages.
const IndexSize = 16

// Index is the blind index of an already normalized value: the HMAC of the
// kind, a zero byte and the value (its first IndexSize bytes), so the same
// value under two kinds gives two unrelated keys.
func (k *Keyring) Index(kind IndexKind, normalized string) IndexKey {
	mac := k.macs.Get().(hash.Hash)
	mac.Reset()
	mac.Write([]byte(kind))
	mac.Write([]byte{0})
	io.WriteString(mac, normalized)
	sum := mac.Sum(make([]byte, 0, sha256.Size))
	k.macs.Put(mac)
	return IndexKey{Kind: kind, Hash: sum[:IndexSize:IndexSize]}
}

// Check is a value derived from the key, stored once, so that starting
// with the wrong key is refused before anything is sealed with it.
func (k *Keyring) Check() []byte {
	mac := hmac.New(sha256.New, k.index)
	mac.Write([]byte(checkInfo))
	return mac.Sum(nil)
}
