package synthleak

import (
	"strconv"
)

// decoys/orders.csv: a table of our own identifiers that look like
// personal data and must not count: order numbers shaped like resident
// IDs, tracking numbers, UUIDs, SHA-256 checksums, mistyped refund IBANs
// and invalid card numbers. Its rows are records holding nothing.

const decoysPath = "decoys/orders.csv"

func (g *generator) writeDecoys() error {
	rng := g.rngFor(decoysPath)
	o, err := g.create(decoysPath)
	if err != nil {
		return err
	}
	book := g.led.file(decoysPath, "csv")
	writeCSVLine(o, "\n", "order_no", "tracking_no", "carrier", "amount", "currency", "sku", "uuid", "sha256",
		"refund_iban", "card_number", "created_at")
	today := dateOf(g.now)
	for range max(20, g.pop.registered()/50) {
		day := today.addDays(-rng.IntN(700))
		fields := []string{
			orderNumber(rng, day), trackingNumber(rng), pick(rng, []string{"SF", "UPS", "DHL", "JD"}),
			strconv.Itoa(19+rng.IntN(9000)) + "." + pad(rng.IntN(100), 2), "CNY",
			"NIO-" + pick(rng, []string{"ACC", "SRV", "CHG"}) + "-" + pad(rng.IntN(10000), 4),
			uuid(rng), sha256Hex(rng),
			invalidIBAN(rng, "DE", randString(rng, digits, 18)), invalidCard(rng, pick(rng, []string{"4", "52", "62"}), 16),
			day.iso() + " " + pad(rng.IntN(24), 2) + ":" + pad(rng.IntN(60), 2) + ":" + pad(rng.IntN(60), 2),
		}
		for i, what := range []string{"order_no", "tracking_no"} {
			g.led.decoy(what, fields[i])
		}
		g.led.decoy("uuid", fields[6])
		g.led.decoy("sha256", fields[7])
		g.led.decoy("iban", fields[8])
		g.led.decoy("card", fields[9])
		writeCSVLine(o, "\n", fields...)
		book.row()
		book.end()
	}
	size, err := o.close()
	book.close(size)
	return err
}
