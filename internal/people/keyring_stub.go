package people

// Placeholders until the keyring is built; the helper building package
// people replaces this file.

// Keyring holds the register's key: one 32-byte master key from which an
// AEAD key (XChaCha20-Poly1305) and a blind-index key (HMAC-SHA-256) are
// derived with HKDF, so neither can be learned from the other.
type Keyring struct{ seal, index []byte }

// NewKeyring derives the keys from a 32-byte master key.
func NewKeyring(master []byte) (*Keyring, error) { return &Keyring{}, nil }

// Seal encrypts plain, bound to ad (so a sealed value cannot be moved to
// another row).
func (k *Keyring) Seal(plain, ad []byte) []byte { return nil }

// Open decrypts what Seal sealed.
func (k *Keyring) Open(sealed, ad []byte) ([]byte, error) { return nil, nil }

// Index is the blind index of an already normalized value.
func (k *Keyring) Index(kind IndexKind, normalized string) IndexKey { return IndexKey{Kind: kind} }

// Check is a value derived from the key, stored once, so that starting
// with the wrong key is refused before anything is sealed with it.
func (k *Keyring) Check() []byte { return nil }
