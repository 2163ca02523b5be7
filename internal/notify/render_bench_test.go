package notify

import (
	"syscall"
	"testing"
	"time"
)

// BenchmarkRenderMessage renders one person's e-mail, text and HTML, from
// the default German text: the work per message of a campaign of
// millions. go test -bench RenderMessage -benchmem ./internal/notify/
//
// Besides the wall time per message it reports cpu-ns/op, the process's
// CPU time per message (garbage collection included): the figure that
// does not depend on what else the machine is doing.
func BenchmarkRenderMessage(b *testing.B) {
	tm := testTemplate()
	tm.Contents = DefaultContents()
	for i := range tm.Contents {
		tm.Contents[i].Body = stripNotes(tm.Contents[i].Body)
	}
	c := mustCompile(b, tm)
	p := testPerson("de", "Jürgen Groß")
	relay := &SMTPConfig{From: "notice@example.de", FromName: "Müller & Söhne"}
	d := &Delivery{CampaignID: 3, MessageID: "<c3.p4711.abc@example.de>"}
	b.ReportAllocs()
	cpu := processCPU()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Message(p, d, relay); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
}

// processCPU is the user and system time the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// stripNotes replaces the editor's notes by their text, as an author does.
func stripNotes(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if i+1 < len(s) && (s[i:i+2] == "[[" || s[i:i+2] == "]]") {
			i++
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
}
