package detect

import (
	"strings"
	"testing"
)

// crypt64 returns n characters of crypt(3)'s base64 alphabet.
func crypt64(n int) string {
	const alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	return strings.Repeat(alphabet, n/len(alphabet)+1)[:n]
}

func TestHashKind(t *testing.T) {
	for _, tc := range []struct {
		name string
		tok  string
		want string
	}{
		{"bcrypt 2b", "$2b$12$KIXQJ9j5sWcGJpl6ecGvUOyW7eLM8SEdzN3o1oK9m4Y8Q5r1bJ7aW", "bcrypt"},
		{"bcrypt 2a", "$2a$10$" + crypt64(53), "bcrypt"},
		{"bcrypt 2y", "$2y$04$" + crypt64(53), "bcrypt"},
		{"bcrypt with a cost over 31", "$2b$32$" + crypt64(53), ""},
		{"bcrypt one character short", "$2b$12$" + crypt64(52), ""},
		{"bcrypt with a one-digit cost", "$2b$9$" + crypt64(53), ""},
		{"bcrypt 2x", "$2x$31$" + crypt64(53), "bcrypt"},
		{"bcrypt with a cost under 4", "$2b$03$" + crypt64(53), ""},
		{"bcrypt with a letter in the cost", "$2b$1a$" + crypt64(53), ""},
		{"bcrypt of an unknown version", "$2c$10$" + crypt64(53), ""},
		{"bcrypt with a '$' in the digest", "$2b$10$" + crypt64(30) + "$" + crypt64(22), ""},
		{"bcrypt with a '+' in the digest", "$2b$10$" + crypt64(52) + "+", ""},
		{"bcrypt with a non-ASCII byte", "$2b$10$\xae" + crypt64(52), ""},
		{"bcrypt one character long", "$2b$12$" + crypt64(54), ""},
		{"md5-crypt", "$1$saltsalt$" + crypt64(22), "md5_crypt"},
		{"Apache md5-crypt", "$apr1$r31.....$" + crypt64(22), "md5_crypt"},
		{"md5-crypt with a salt over 8", "$1$saltsalts$" + crypt64(22), ""},
		{"sha256-crypt", "$5$saltstring$" + crypt64(43), "sha256_crypt"},
		{"sha256-crypt with rounds", "$5$rounds=10000$saltstringsaltst$" + crypt64(43), "sha256_crypt"},
		{"sha512-crypt", "$6$rounds=5000$usesomesillystri$" + crypt64(86), "sha512_crypt"},
		{"sha512-crypt with a short digest", "$6$salt$" + crypt64(85), ""},
		{"yescrypt", "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$" + crypt64(43), "yescrypt"},
		{"argon2id", "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", "argon2"},
		{"argon2i without version", "$argon2i$m=4096,t=3,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A", "argon2"},
		{"argon2 with parameters out of order", "$argon2id$v=19$t=3,m=65536,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", ""},
		{"PHC scrypt", "$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E", "scrypt"},
		{"crypt scrypt", "$7$C6..../....SodiumChloride$" + crypt64(43), "scrypt"},
		{"passlib pbkdf2", "$pbkdf2-sha256$29000$N2bMOWcsZWwNgbBWinHW.g$MSl1T8rEmfgnoIsqE.BvF.vX9tpr.nKNmrKmnjL8HRc", "pbkdf2"},
		{"Django pbkdf2", "pbkdf2_sha256$260000$abcdefghijklmnop$" + strings.Repeat("AbCd", 10) + "abc=", "pbkdf2"},
		{"Django argon2", "argon2$argon2id$v=19$m=102400,t=2,p=8$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", "argon2"},
		{"Django bcrypt_sha256", "bcrypt_sha256$$2b$12$" + crypt64(53), "bcrypt"},
		{"a raw MD5 digest is no hash here", "5f4dcc3b5aa765d61d8327deb882cf99", ""},
		{"a raw SHA-1 digest is no hash here", "5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8", ""},
		{"a price", "$100.00", ""},
		{"a shell variable", "$HOME", ""},
		{"a shell substitution", "$(whoami)", ""},
		{"an unknown scheme", "$9$salt$" + crypt64(43), ""},
		{"too many parts", "$1$a$b$c$d$e$f$g$h", ""},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := HashKind([]byte(tc.tok)); got != tc.want {
				t.Errorf("HashKind(%q) = %q, want %q", tc.tok, got, tc.want)
			}
			if got := hashKindByParts([]byte(tc.tok)); got != tc.want {
				t.Errorf("hashKindByParts(%q) = %q, want %q", tc.tok, got, tc.want)
			}
		})
	}
}

// TestAllCrypt64 puts every byte at every position of values up to 25
// bytes long, the rest crypt's base64.
func TestAllCrypt64(t *testing.T) {
	for n := range 26 {
		for at := range n {
			for c := range 256 {
				v := []byte(crypt64(n))
				v[at] = byte(c)
				if got, want := allCrypt64(v), crypt64Bytes.all(v); got != want {
					t.Fatalf("allCrypt64(%q) = %v, the byte table says %v", v, got, want)
				}
			}
		}
	}
}

// FuzzHashKindShortcut compares HashKind, with its bcrypt shortcut, with the
// general reading of the token's parts, and the word check of crypt's
// base64 with the byte table.
func FuzzHashKindShortcut(f *testing.F) {
	f.Add("$2b$12$KIXQJ9j5sWcGJpl6ecGvUOyW7eLM8SEdzN3o1oK9m4Y8Q5r1bJ7aW")
	f.Add("$2b$10$" + crypt64(53))
	f.Add("$2b$40$" + crypt64(53))
	f.Add("bcrypt_sha256$$2b$12$" + crypt64(53))
	f.Add("$6$rounds=5000$usesomesillystri$" + crypt64(86))
	f.Fuzz(func(t *testing.T, tok string) {
		if got, want := HashKind([]byte(tok)), hashKindByParts([]byte(tok)); got != want {
			t.Fatalf("HashKind(%q) = %q, by parts %q", tok, got, want)
		}
		if got, want := allCrypt64([]byte(tok)), crypt64Bytes.all([]byte(tok)); got != want {
			t.Fatalf("allCrypt64(%q) = %v, the byte table says %v", tok, got, want)
		}
	})
}

func TestFindPasswordAssignments(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		want []string
	}{
		{"a .env line", "DB_HOST=db\nDB_PASSWORD=S3cr3t!x\nDB_USER=app\n", []string{"S3cr3t!x"}},
		{"an ini file with spaces", "[db]\npassword = hunter2\n", []string{"hunter2"}},
		{"YAML", "db:\n  user: app\n  passwd: 'p@ss w0rd'\n", []string{"p@ss w0rd"}},
		{"JSON", `{"user": "app", "password": "Tr0ub4dor&3", "port": 5432}`, []string{"Tr0ub4dor&3"}},
		{"JSON with an escaped quote", `{"pwd":"a\"b"}`, []string{`a\"b`}},
		{"XML", "<db><user>app</user><password>xyzzy42</password></db>", []string{"xyzzy42"}},
		{"a connection string", "Server=db;User Id=app;Password=Pa55w0rd;Database=crm", []string{"Pa55w0rd"}},
		{"a query string", "https://x.example/login?user=max&pass=geheim123&next=/", []string{"geheim123"}},
		{"PostgreSQL's variable", "export PGPASSWORD=pgsecret", []string{"pgsecret"}},
		{"camelCase key", "dbPass: opensesame", []string{"opensesame"}},
		{"a German key", "Kennwort: Sommer2024", []string{"Sommer2024"}},
		{"a Chinese key", "密码：abc123456\n密码=abc123456", []string{"abc123456"}},
		{"Go's :=", `password := "letmein"`, []string{"letmein"}},
		{"a command-line flag", "mysqldump --password=dumpit db", []string{"dumpit"}},
		{"changeme is a credential", "password=changeme", []string{"changeme"}},
		{"several", "password=a1\npasswd=b2\npwd=c3", []string{"a1", "b2", "c3"}},
		{"an empty value", "password=\nuser=x", nil},
		{"an empty quoted value", `"password": ""`, nil},
		{"an environment reference", "DB_PASSWORD=${DB_PASSWORD}", nil},
		{"a shell variable", "password=$SECRET_PW", nil},
		{"a template", "password: {{ vault_db_password }}", nil},
		{"a placeholder in angle brackets", `"password": "<password>"`, nil},
		{"a mask", "password: ********", nil},
		{"x's", "password=xxxxxx", nil},
		{"null", `"password": null`, nil},
		{"a boolean flag", "password_auth: true\npassword: false", nil},
		{"code reading it from the environment", `password = os.getenv("DB_PASSWORD")`, nil},
		{"code reading a form", `password = request.form['password']`, nil},
		{"a comparison", `if password == "x" {`, nil},
		{"a key that only contains pass", "bypass=1\ncompass: north", nil},
		{"a key that does not end with the word", "password_min_length=8\npassword_policy: strict", nil},
		{"PWD is a directory", "PWD=/home/max\nOLDPWD=/tmp", nil},
		{"an HTML password field has no value", `<input type="password" name="password">`, nil},
		{"a URL is no assignment", "see https://example.com/password:reset", nil},
		{"prose without a value", "Please change your password.", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			FindPasswordAssignments([]byte(tc.text), func(v []byte) { got = append(got, string(v)) })
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("FindPasswordAssignments(%q)\n got  %q\n want %q", tc.text, got, tc.want)
			}
		})
	}
}

func BenchmarkHashKind(b *testing.B) {
	tok := []byte("$2b$12$KIXQJ9j5sWcGJpl6ecGvUOyW7eLM8SEdzN3o1oK9m4Y8Q5r1bJ7aW")
	for _, kind := range []struct {
		name string
		f    func([]byte) string
	}{{"HashKind", HashKind}, {"byParts", hashKindByParts}} {
		b.Run(kind.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				kind.f(tok)
			}
		})
	}
}

// BenchmarkFindPasswordAssignments runs over log-like text with many
// colons and equals signs but no password.
func BenchmarkFindPasswordAssignments(b *testing.B) {
	line := "2026-11-24 10:15:02 INFO request GET /api/orders?id=17&page=2 took=12ms status=200 user=max\n"
	text := []byte(strings.Repeat(line, 10000))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		FindPasswordAssignments(text, func([]byte) {})
	}
}
