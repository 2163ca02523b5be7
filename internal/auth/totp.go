package auth

import (
	"bytes"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

const (
	totpPeriod = 30 // seconds, as every authenticator app expects
	totpSkew   = 1  // steps accepted either side, for clocks a little off
	totpIssuer = "breachdesk"
)

// TOTPEnrolment is what a user needs to add the desk to an authenticator app.
type TOTPEnrolment struct {
	Secret string // base32, for typing in by hand
	URL    string // otpauth:// URL
	QRPNG  string // data: URL of a PNG QR code of URL
}

// NewTOTPEnrolment creates a fresh secret for the account.
func NewTOTPEnrolment(account string) (*TOTPEnrolment, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: account, Period: totpPeriod})
	if err != nil {
		return nil, fmt.Errorf("auth: generate totp key: %w", err)
	}
	return enrolmentFor(key)
}

// TOTPEnrolmentFor rebuilds the enrolment of a pending secret, so the page
// can be shown again after a wrong code.
func TOTPEnrolmentFor(account, secret string) (*TOTPEnrolment, error) {
	url := fmt.Sprintf("otpauth://totp/%s:%s?issuer=%s&period=%d&secret=%s",
		totpIssuer, account, totpIssuer, totpPeriod, secret)
	key, err := otp.NewKeyFromURL(url)
	if err != nil {
		return nil, fmt.Errorf("auth: rebuild totp key: %w", err)
	}
	return enrolmentFor(key)
}

func enrolmentFor(key *otp.Key) (*TOTPEnrolment, error) {
	img, err := key.Image(200, 200)
	if err != nil {
		return nil, fmt.Errorf("auth: draw totp qr code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("auth: encode totp qr code: %w", err)
	}
	return &TOTPEnrolment{
		Secret: key.Secret(),
		URL:    key.URL(),
		QRPNG:  "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()),
	}, nil
}

// CheckTOTP looks for code among the time steps around now and returns the
// matching step. A step at or before lastStep is refused, so a code that was
// seen once (over a shoulder, in a proxy log) cannot be used again.
func CheckTOTP(secret, code string, now time.Time, lastStep int64) (step int64, ok bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 {
		return 0, false
	}
	current := now.Unix() / totpPeriod
	for s := current - totpSkew; s <= current+totpSkew; s++ {
		if s <= lastStep {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*totpPeriod, 0), totp.ValidateOpts{
			Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
		})
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// TOTPCode returns the code for secret at t. Tests and the demo use it.
func TOTPCode(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, totp.ValidateOpts{
		Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1,
	})
}
