package detect

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// goSourceText reads a few files of net/http from the Go tree into one
// buffer: ordinary text with identifiers, numbers, comments and the odd
// address, the yardstick the text formats are compared with (ripgrep
// does about 420 MB/s on such text).
func goSourceText(b *testing.B) []byte {
	b.Helper()
	out, err := os.ReadFile(filepath.Join(goRoot(b), "src", "net", "http", "server.go"))
	if err != nil {
		b.Skip("no Go source tree:", err)
	}
	for _, name := range []string{"client.go", "request.go", "response.go", "transport.go", "cookie.go", "fs.go", "header.go"} {
		more, err := os.ReadFile(filepath.Join(goRoot(b), "src", "net", "http", name))
		if err != nil {
			b.Skip("no Go source tree:", err)
		}
		out = append(out, more...)
	}
	return out
}

// goRoot asks the go command, as a test binary has no GOROOT of its own.
func goRoot(b *testing.B) string {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		b.Skip("no go command:", err)
	}
	return strings.TrimSpace(string(out))
}

func benchmarkText(b *testing.B, text []byte) {
	s := scannerFor(b, "DE")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		s.Text(text, func(Match) {})
	}
}

// BenchmarkTextGoSource measures ordinary source text.
func BenchmarkTextGoSource(b *testing.B) {
	benchmarkText(b, goSourceText(b))
}

// BenchmarkTextOneLine measures a one-line dump of e-mail addresses and
// phone numbers with no line breaks.
func BenchmarkTextOneLine(b *testing.B) {
	var sb strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&sb, "user%d@mail%d.example.com,+49151%08d;", i, i%97, i)
	}
	benchmarkText(b, []byte(sb.String()))
}
