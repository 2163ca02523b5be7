package synthleak

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
)

// WriteDenseLine writes n contacts — an e-mail address and a Chinese
// mobile number each — on one line with no line break: the densest free
// text a scan meets (a pasted contact list, a one-line JSON blob). The
// benchmarks compare the scanner with ripgrep on it; it is no part of the
// leak and has no expected report.
func WriteDenseLine(w io.Writer, n int, seed int64) error {
	rng := rand.New(rand.NewPCG(uint64(seed), 0xd15ea5e))
	bw := bufio.NewWriterSize(w, 1<<20)
	domains := []string{"163.com", "qq.com", "126.com", "sina.com", "example.de", "gmail.com"}
	prefixes := []string{"138", "139", "150", "151", "186", "187", "135", "158"}
	for i := range n {
		fmt.Fprintf(bw, "Kontakt %d: %s.%s%d@%s, Tel. +86 %s %04d %04d; ",
			i, asciiMail(pick(rng, deFirstFemale)), asciiMail(pick(rng, deLastNames)), i, pick(rng, domains),
			pick(rng, prefixes), rng.IntN(10000), rng.IntN(10000))
	}
	return bw.Flush()
}
