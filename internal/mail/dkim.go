package mail

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"

	"github.com/emersion/go-msgauth/dkim"
)

// signedHeaders are the fields the DKIM signature covers (RFC 6376
// section 5.4.1's recommendation, for the fields we write).
var signedHeaders = []string{
	"From", "Reply-To", "Subject", "Date", "To", "Message-ID",
	"MIME-Version", "Content-Type", "Content-Language",
}

// signer adds a DKIM-Signature to built messages.
type signer struct {
	domain, selector string
	key              crypto.Signer
}

// newSigner reads a PEM private key: PKCS #8 (RSA or Ed25519) or PKCS #1
// RSA.
func newSigner(domain, selector, keyPEM string) (*signer, error) {
	block, _ := pem.Decode([]byte(keyPEM))
	if block == nil {
		return nil, errors.New("mail: DKIM key is not PEM")
	}
	var key any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	default:
		return nil, errors.New("mail: DKIM key is a " + block.Type + ", not a private key")
	}
	if err != nil {
		return nil, errors.New("mail: DKIM key cannot be read")
	}
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if k.N.BitLen() < 1024 {
			return nil, errors.New("mail: DKIM RSA key is shorter than 1024 bits")
		}
		return &signer{domain: domain, selector: selector, key: k}, nil
	case ed25519.PrivateKey:
		return &signer{domain: domain, selector: selector, key: k}, nil
	}
	return nil, errors.New("mail: DKIM key is neither RSA nor Ed25519")
}

// sign returns msg with a DKIM-Signature field in front.
func (s *signer) sign(out *bytes.Buffer, msg []byte) error {
	ds, err := dkim.NewSigner(&dkim.SignOptions{
		Domain:                 s.domain,
		Selector:               s.selector,
		Signer:                 s.key,
		Hash:                   crypto.SHA256,
		HeaderCanonicalization: dkim.CanonicalizationRelaxed,
		BodyCanonicalization:   dkim.CanonicalizationRelaxed,
		HeaderKeys:             signedHeaders,
	})
	if err != nil {
		return err
	}
	if _, err := ds.Write(msg); err != nil {
		ds.Close()
		return err
	}
	if err := ds.Close(); err != nil {
		return err
	}
	out.WriteString(ds.Signature())
	out.Write(msg)
	return nil
}
