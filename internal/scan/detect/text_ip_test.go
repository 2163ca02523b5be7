package detect

import (
	"math/rand/v2"
	"testing"
)

// timeLike must only turn down runs that ParseIP turns down.
func TestTimeLikeRunsAreNoAddresses(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 6))
	runs := []string{"10:15:02", "1.2.3.4:80:", "::1", ":10.0.0.1:80", "fe80:0:0:0:0:0:0:1", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:8"}
	for range 20000 {
		b := make([]byte, 1+rng.IntN(24))
		for k := range b {
			b[k] = "0123456789abcdef::::..."[rng.IntN(23)]
		}
		runs = append(runs, string(b))
	}
	for _, run := range runs {
		if !timeLike([]byte(run)) {
			continue
		}
		if v, ok := ParseIP([]byte(run), []byte(" ")); ok {
			t.Fatalf("timeLike(%q), but ParseIP gives %q", run, v)
		}
	}
}

func FuzzTimeLike(f *testing.F) {
	f.Add("10:15:02")
	f.Add("1:2:3:4:5:6:1.2.3.4")
	f.Fuzz(func(t *testing.T, run string) {
		if timeLike([]byte(run)) {
			if v, ok := ParseIP([]byte(run), nil); ok {
				t.Fatalf("timeLike(%q), but ParseIP gives %q", run, v)
			}
		}
	})
}
