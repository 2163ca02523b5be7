package source

import (
	"bytes"
	"encoding/binary"
	"io"
)

// Zip end records, as APPNOTE.TXT (4.3.14-4.3.16) lays them out.
const (
	zipEndLen         = 22 // end of central directory record, without its comment
	zipEndMaxComment  = 65535
	zip64LocatorLen   = 20
	zip64EndLen       = 56
	zipEndSignature   = "PK\x05\x06"
	zip64LocSignature = "PK\x06\x07"
	zip64EndSignature = "PK\x06\x06"
)

// zipEntries reads how many entries a zip's central directory holds from
// its end record, without reading the directory. archive/zip keeps the
// whole directory in memory (a few hundred bytes per entry), so a zip that
// claims millions of entries is refused before it is opened. ok is false
// when no end record is found: archive/zip then says what is wrong.
func zipEntries(ra io.ReaderAt, size int64) (n uint64, ok bool) {
	tailLen := min(size, zipEndLen+zipEndMaxComment)
	if tailLen < zipEndLen {
		return 0, false
	}
	tail := make([]byte, tailLen)
	if _, err := ra.ReadAt(tail, size-tailLen); err != nil && err != io.EOF {
		return 0, false
	}
	at := findZipEnd(tail)
	if at < 0 {
		return 0, false
	}
	n = uint64(binary.LittleEndian.Uint16(tail[at+10:]))
	if n != 0xffff {
		return n, true
	}
	return zip64Entries(ra, size-tailLen+int64(at)-zip64LocatorLen)
}

// findZipEnd returns where the end record starts in tail, the last bytes of
// the file: the last signature whose comment fits in what follows it.
func findZipEnd(tail []byte) int {
	for at := len(tail) - zipEndLen; at >= 0; at-- {
		if string(tail[at:at+4]) != zipEndSignature {
			continue
		}
		comment := int(binary.LittleEndian.Uint16(tail[at+20:]))
		if at+zipEndLen+comment <= len(tail) {
			return at
		}
	}
	return -1
}

// zip64Entries reads the entry count of a zip64 archive through the
// locator at offset locAt.
func zip64Entries(ra io.ReaderAt, locAt int64) (uint64, bool) {
	if locAt < 0 {
		return 0, false
	}
	var loc [zip64LocatorLen]byte
	if _, err := ra.ReadAt(loc[:], locAt); err != nil || !bytes.HasPrefix(loc[:], []byte(zip64LocSignature)) {
		return 0, false
	}
	endAt := binary.LittleEndian.Uint64(loc[8:])
	if endAt > uint64(locAt) {
		return 0, false
	}
	var end [zip64EndLen]byte
	if _, err := ra.ReadAt(end[:], int64(endAt)); err != nil || !bytes.HasPrefix(end[:], []byte(zip64EndSignature)) {
		return 0, false
	}
	return binary.LittleEndian.Uint64(end[32:]), true
}
