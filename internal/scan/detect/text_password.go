package detect

// Passwords written into configuration text (password=..., "pwd": "...",
// <password>...</password>), found by the free-text scan.

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// maxPasswordValue bounds a password found in text; longer values are
// blobs, not passwords.
const maxPasswordValue = 256

// FindPasswordAssignments finds password assignments in text and calls
// emit with each value as written (quotes removed, escapes kept):
// `password=...`, `DB_PASSWORD=...`, `passwd: ...`, `pwd = "..."`,
// `"password": "..."`, `<password>...</password>`. The key must end with a
// password word (password, passwd, passwort, kennwort, passphrase, pwd or
// pass after a word break, mot de passe, contraseña, wachtwoord, 密码);
// empty values and placeholders (${VAR}, <password>, *****, xxx, null) are
// skipped. "changeme" is a credential: someone may still use it.
func FindPasswordAssignments(text []byte, emit func(value []byte)) {
	// One walk over 64-byte bit maps of the separators finds them all in
	// order: three bytes.IndexByte streams called again after each hit
	// cost more than the search itself in code, where '=' and ':' come
	// every few bytes.
	for block := 0; block < len(text); block += 64 {
		for m := separatorMask(text, block); m != 0; m &= m - 1 {
			i := block + bits.TrailingZeros64(m)
			if text[i] == '>' {
				passwordElement(text, i, emit)
			} else {
				passwordAssignment(text, i, emit)
			}
		}
	}
}

// separatorMask is the bit map of the bytes '=', ':' and '>' among the 64
// bytes of text from at (bit k: byte at+k).
func separatorMask(text []byte, at int) uint64 {
	var m uint64
	if at+64 <= len(text) {
		w := text[at : at+64]
		for k := 0; k < 8; k++ {
			m |= highBits(separatorBytes(binary.LittleEndian.Uint64(w[8*k:]))) << (8 * k)
		}
		return m
	}
	for k, c := range text[at:] {
		if c == '=' || c == ':' || c == '>' {
			m |= 1 << k
		}
	}
	return m
}

// separatorBytes returns a word whose byte k has its high bit set exactly
// when byte k of x is '=', ':' or '>'. These are the bytes ':' to '>'
// (0x3a-0x3e) but ';' and '<' (0x3b-0x3c): two range tests as in
// digitBytes, with y the low seven bits of each byte.
func separatorBytes(x uint64) uint64 {
	y := x &^ highs8
	colonToGreater := (y + (0x80-0x3a)*ones8) &^ (y + (0x80-0x3f)*ones8)
	semicolonToLess := (y + (0x80-0x3b)*ones8) &^ (y + (0x80-0x3d)*ones8)
	return colonToGreater &^ semicolonToLess &^ x & highs8
}

// compareByte are the bytes that make a '=' or ':' part of an operator
// before it: ==, !=, <=, >=, ::.
var compareByte = [256]bool{'=': true, '!': true, '<': true, '>': true, ':': true}

// passwordAssignment looks at the '=' or ':' at i: a password key before
// it, a value after it.
func passwordAssignment(text []byte, i int, emit func([]byte)) {
	if i > 0 && compareByte[text[i-1]] {
		return // ==, !=, <=, >=, ::
	}
	after := i + 1
	if after < len(text) && text[i] == ':' && text[after] == '=' {
		after++ // Go's :=
	} else if after < len(text) && (text[after] == '=' || text[i] == ':' && (text[after] == ':' || text[after] == '/')) {
		return // ==, ::, ://
	}
	if !mayEndPasswordKey(text, i) {
		return
	}
	key := keyBefore(text, i)
	if key == nil || !passwordKey(key) {
		return
	}
	v := valueAfter(text, after)
	if v == nil || passwordPlaceholder(v) || isPathValue(key, v) {
		return
	}
	emit(v)
}

// keyBefore returns the key that ends right before i (spaces and a
// closing quote between them allowed), or nil.
func keyBefore(text []byte, i int) []byte {
	j := i
	for j > 0 && (text[j-1] == ' ' || text[j-1] == '\t') {
		j--
	}
	quote := byte(0)
	if j > 0 && (text[j-1] == '"' || text[j-1] == '\'') {
		quote = text[j-1]
		j--
	}
	k := j
	for k > 0 && j-k < 64 && isKeyByte(text[k-1]) {
		k--
	}
	if k == j || quote != 0 && (k == 0 || text[k-1] != quote) {
		return nil
	}
	if quote == 0 && k > 0 && (text[k-1] == '/' || text[k-1] == '\\') {
		return nil // a path or URL segment: /password:reset
	}
	return text[k:j]
}

func isKeyByte(c byte) bool {
	return isASCIIAlnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80
}

// valueAfter reads the value at i: quoted up to the closing quote on the
// same line, or bare up to white space or a delimiter. nil if there is
// none or it is too long.
func valueAfter(text []byte, i int) []byte {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	if i >= len(text) {
		return nil
	}
	if q := text[i]; q == '"' || q == '\'' {
		return quotedValue(text, i+1, q)
	}
	j := i
	for j < len(text) && j-i <= maxPasswordValue && !valueEnds(text[j]) {
		j++
	}
	if j == i || j-i > maxPasswordValue {
		return nil
	}
	return text[i:j]
}

func valueEnds(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', ',', ';', '&', '"', '\'', '<', '>', '}', ']', ')':
		return true
	}
	return false
}

func quotedValue(text []byte, i int, q byte) []byte {
	for j := i; j < len(text) && j-i <= maxPasswordValue; j++ {
		switch text[j] {
		case '\\':
			j++
		case '\n':
			return nil
		case q:
			if j == i {
				return nil
			}
			return text[i:j]
		}
	}
	return nil
}

// passwordElement looks at the '>' at i for <password>value</password>.
func passwordElement(text []byte, i int, emit func([]byte)) {
	if !mayEndPasswordKey(text, i) {
		return
	}
	lt := i - 1
	for lt >= 0 && i-lt <= 64 && isKeyByte(text[lt]) {
		lt--
	}
	if lt < 0 || text[lt] != '<' || lt+1 == i {
		return
	}
	name := text[lt+1 : i]
	if !passwordKey(name) {
		return
	}
	rest := text[i+1:]
	end := bytes.IndexByte(rest[:min(len(rest), maxPasswordValue+2)], '<')
	if end < 0 || !bytes.HasPrefix(rest[end:], []byte("</")) || !bytes.HasPrefix(rest[end+2:], name) {
		return
	}
	v := bytes.TrimSpace(rest[:end])
	if len(v) == 0 || passwordPlaceholder(v) {
		return
	}
	emit(v)
}

// passwordWords end a password key; any prefix may stand before them
// ("PGPASSWORD", "db.password", "用户密码"). Lower-case.
var passwordWords = []string{
	"password", "passwd", "passwort", "kennwort", "passphrase", "passcode", "mot_de_passe", "motdepasse",
	"mot-de-passe", "contraseña", "contrasena", "wachtwoord", "密码", "口令", "パスワード",
}

// shortPasswordWords end a password key only after a word break
// ("db_pass", "dbPass", "PWD"): "bypass" and "compass" are no keys.
var shortPasswordWords = []string{"pass", "pwd", "pw"}

// passwordKeyEnds holds the last two bytes (lower-case) of every password
// word: most '=' and ':' in text follow no such key, and one lookup tells.
var passwordKeyEnds = func() (set [1 << 16 / 64]uint64) {
	for _, words := range [][]string{passwordWords, shortPasswordWords} {
		for _, w := range words {
			k := uint16(w[len(w)-2])<<8 | uint16(w[len(w)-1])
			set[k/64] |= 1 << (k % 64)
		}
	}
	return set
}()

// mayEndPasswordKey looks at the two bytes of the key before the
// separator at i (after spaces and a closing quote).
func mayEndPasswordKey(text []byte, i int) bool {
	j := i
	for j > 0 && (text[j-1] == ' ' || text[j-1] == '\t' || text[j-1] == '"' || text[j-1] == '\'') {
		j--
	}
	if j < 2 {
		return false
	}
	k := uint16(lowerASCII(text[j-2]))<<8 | uint16(lowerASCII(text[j-1]))
	return passwordKeyEnds[k/64]&(1<<(k%64)) != 0
}

// passwordKey reports whether a key names a password.
func passwordKey(key []byte) bool {
	for _, w := range passwordWords {
		if hasSuffixFold(key, w) {
			return true
		}
	}
	for _, w := range shortPasswordWords {
		if hasSuffixFold(key, w) && wordBreakBefore(key, len(key)-len(w)) {
			return true
		}
	}
	return false
}

func hasSuffixFold(s []byte, suffix string) bool {
	return len(s) >= len(suffix) && bytes.EqualFold(s[len(s)-len(suffix):], []byte(suffix))
}

// wordBreakBefore reports whether a word starts at i in key: at its start,
// after a separator, or at a lower-to-upper case change ("dbPass").
func wordBreakBefore(key []byte, i int) bool {
	if i == 0 {
		return true
	}
	prev := key[i-1]
	return prev == '_' || prev == '-' || prev == '.' || prev >= 'a' && prev <= 'z' && isUpper(key[i])
}

// isPathValue: PWD and OLDPWD in an environment dump hold directories.
func isPathValue(key, v []byte) bool {
	return hasSuffixFold(key, "pwd") && (v[0] == '/' || v[0] == '~' || len(v) > 2 && v[1] == ':' && v[2] == '\\')
}

// passwordPlaceholders are values that stand for no password. Lower-case.
var passwordPlaceholders = []string{
	"null", "nil", "none", "undefined", "true", "false", "empty", "redacted", "[redacted]", "hidden",
	"required", "optional", "string", "your_password", "yourpassword", "your-password", "<password>",
}

// passwordPlaceholder reports whether v stands for no password: a word
// of passwordPlaceholders, a run of one masking character (*****, xxx),
// a variable or template reference (${VAR}, $VAR, {{ var }}, %(var)s,
// <...>, %VAR%), or a function call (os.getenv("X")).
func passwordPlaceholder(v []byte) bool {
	for _, p := range passwordPlaceholders {
		if bytes.EqualFold(v, []byte(p)) {
			return true
		}
	}
	return maskRun(v) || reference(v) || functionCall(v)
}

func maskRun(v []byte) bool {
	if bytes.IndexByte([]byte("*xX#.-_?"), v[0]) < 0 {
		return false
	}
	for _, c := range v {
		if c != v[0] {
			return false
		}
	}
	return true
}

func reference(v []byte) bool {
	for _, open := range []string{"${", "$(", "{{", "%(", "#{"} {
		if bytes.HasPrefix(v, []byte(open)) {
			return true // a bare value ends before its closing brace
		}
	}
	pairs := [][2]string{{"<", ">"}, {"%", "%"}, {"[", "]"}}
	for _, p := range pairs {
		if len(v) > len(p[0])+len(p[1]) && bytes.HasPrefix(v, []byte(p[0])) && bytes.HasSuffix(v, []byte(p[1])) {
			return true
		}
	}
	if len(v) > 1 && v[0] == '$' {
		for _, c := range v[1:] {
			if !isUpper(c) && !isDigit(c) && c != '_' {
				return false
			}
		}
		return true // $DB_PASSWORD
	}
	return false
}

// functionCall: an identifier path followed by ( or [, as in code that
// reads the password from elsewhere: os.getenv("X"), getpass(),
// request.form['password'] (a bare value ends at the quote, leaving
// "os.getenv(").
func functionCall(v []byte) bool {
	open := bytes.IndexAny(v, "([")
	if open <= 0 {
		return false
	}
	for _, c := range v[:open] {
		if !isASCIIAlnum(c) && c != '_' && c != '.' {
			return false
		}
	}
	last := v[len(v)-1]
	return open == len(v)-1 || last == ')' || last == ']'
}
