package synthleak

// Files the scanner cannot read, which it must list as skipped: a binary
// database file, an empty log, and a backup cut off after a few bytes.

const (
	binaryPath    = "backup/ibdata1"
	emptyPath     = "logs/app.log"
	truncatedPath = "backup/users_2019.zip"

	reasonBinary = "unsupported binary format"
	reasonEmpty  = "empty file"
	// reasonTruncatedZip is what the scanner says of a zip cut off inside
	// its first member's header (the source package's wording).
	reasonTruncatedZip = "corrupt zip: not a valid zip file"

	// truncatedZipSize cuts the zip inside its first local file header
	// (30 bytes), so that no member can be read at all: with any member
	// left, a streaming reader and a central-directory reader would
	// disagree on what was scanned.
	truncatedZipSize = 24
	binarySize       = 64 << 10
)

// writeJunk writes the unreadable files.
func (g *generator) writeJunk() error {
	rng := g.rngFor(binaryPath)
	bin := make([]byte, binarySize)
	for i := range bin {
		bin[i] = byte(rng.IntN(256))
	}
	copy(bin, []byte{0x00, 0x00, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00}) // an InnoDB page header starts so
	if _, err := g.writeFile(binaryPath, bin); err != nil {
		return err
	}
	g.led.skip(binaryPath, reasonBinary)
	if _, err := g.writeFile(emptyPath, nil); err != nil {
		return err
	}
	g.led.skip(emptyPath, reasonEmpty)
	zip, err := g.zipBytes([]archiveMember{{"export/users_2019.csv", []byte("user_id,email\n")}})
	if err != nil {
		return err
	}
	if _, err := g.writeFile(truncatedPath, zip[:truncatedZipSize]); err != nil {
		return err
	}
	g.led.skip(truncatedPath, reasonTruncatedZip)
	return nil
}
