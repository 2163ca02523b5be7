package scan

import (
	"strconv"
	"testing"

	"github.com/cespare/xxhash/v2"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// xxhash64ValueHash is valueHash as it was with xxhash64, kept to compare
// the two on the values a leak holds.
func xxhash64ValueHash(category int, v string) uint64 {
	return xxhash.Sum64String(v) + uint64(category+1)*0x9E3779B97F4A7C15
}

// hashedValues are 64 values of each kind the users tables hold, of the
// usual lengths: e-mail about 20 bytes, E.164 phone 14, IPv4 about 13,
// bcrypt hash 60.
var hashedValues = func() []struct {
	name   string
	cat    int
	values []string
} {
	kinds := []struct {
		name   string
		cat    int
		values []string
	}{
		{name: "email", cat: categoryIndex(detect.Email)},
		{name: "phone", cat: categoryIndex(detect.Phone)},
		{name: "ipv4", cat: categoryIndex(detect.IPAddress)},
		{name: "bcrypt", cat: categoryIndex(detect.Credential)},
	}
	for i := range 64 {
		n := strconv.Itoa(100 + i)
		kinds[0].values = append(kinds[0].values, "wang.li"+n+"@163.com")
		kinds[1].values = append(kinds[1].values, "+8613812345"+n)
		kinds[2].values = append(kinds[2].values, "192.168.10."+n)
		kinds[3].values = append(kinds[3].values, "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17l"+n)
	}
	return kinds
}()

var hashSink uint64

// BenchmarkValueHash calls each hash directly, not through a func value,
// so that the call costs what it costs in the scan.
func BenchmarkValueHash(b *testing.B) {
	for _, kind := range hashedValues {
		b.Run("value="+kind.name+"/hash=xxhash64", func(b *testing.B) {
			var sum uint64
			i := 0
			for b.Loop() {
				sum += xxhash64ValueHash(kind.cat, kind.values[i&63])
				i++
			}
			hashSink = sum
		})
		b.Run("value="+kind.name+"/hash=xxh3", func(b *testing.B) {
			var sum uint64
			i := 0
			for b.Loop() {
				sum += valueHash(kind.cat, kind.values[i&63])
				i++
			}
			hashSink = sum
		})
	}
}
