package mail

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// benchMessage is a typical notification: about 3 KB with text and HTML.
func benchMessage(i int) *notify.Message {
	para := "Am 3. Oktober haben wir festgestellt, dass Unbefugte Zugriff auf einen Teil unserer Kundendatenbank hatten. " +
		"Betroffen sind Name, Anschrift, E-Mail-Adresse und Kundennummer. Passwörter und Bankdaten sind nicht betroffen. "
	text := strings.Repeat(para+"\n\n", 6)
	html := "<html><body>" + strings.Repeat("<p>"+para+"</p>\n", 6) + "</body></html>"
	return &notify.Message{
		MessageID: fmt.Sprintf("<c1.p%d.r4nd0m@notify.example>", i),
		To:        fmt.Sprintf("person%d@kunde.example", i),
		Subject:   "Wichtige Information zu Ihren Daten",
		Text:      text, HTML: html, Lang: "de",
	}
}

// BenchmarkSendLoopback sends through 8 connections to a go-smtp server
// in the same process on 127.0.0.1 and reports messages per second.
func BenchmarkSendLoopback(b *testing.B) {
	r := startRelay(b, "plain", testCert{}, func(r *relay) { r.discard = true })
	d := dialer(b, relayConfig(b, r, NoTLS), testCert{})
	benchSend(b, d, 8)
}

func benchSend(b *testing.B, d *Dialer, conns int) {
	ctx := context.Background()
	pool := make([]notify.Conn, conns)
	for i := range pool {
		c, err := d.Dial(ctx)
		if err != nil {
			b.Fatal(err)
		}
		pool[i] = c
		defer c.Close()
	}
	msgs := make([]*notify.Message, 1000)
	for i := range msgs {
		msgs[i] = benchMessage(i)
	}
	work := make(chan int, 1024)
	var wg sync.WaitGroup
	var failed sync.Once
	b.ResetTimer()
	for _, c := range pool {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				if err := c.Send(ctx, msgs[i%len(msgs)]); err != nil {
					failed.Do(func() { b.Error(err) })
				}
			}
		}()
	}
	for i := 0; i < b.N; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

// BenchmarkSendLoopbackDKIM is the same with every message signed.
func BenchmarkSendLoopbackDKIM(b *testing.B) {
	for _, algo := range []string{"rsa", "ed25519"} {
		b.Run(algo, func(b *testing.B) {
			r := startRelay(b, "plain", testCert{}, func(r *relay) { r.discard = true })
			cfg := relayConfig(b, r, NoTLS)
			cfg.DKIMDomain, cfg.DKIMKey = "notify.example", dkimKeyPEM(b, algo)
			benchSend(b, dialer(b, cfg, testCert{}), 8)
		})
	}
}

// BenchmarkSendLoopbackConnections shows how the rate depends on the
// number of connections.
func BenchmarkSendLoopbackConnections(b *testing.B) {
	for _, n := range []int{1, 4, 8, 16} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			r := startRelay(b, "plain", testCert{}, func(r *relay) { r.discard = true })
			benchSend(b, dialer(b, relayConfig(b, r, NoTLS), testCert{}), n)
		})
	}
}
