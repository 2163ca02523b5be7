package source

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"

	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

// officeMaxParts is more parts than any office document has: a zip with
// more is an archive, and its directory is not loaded twice to find out.
const officeMaxParts = 1 << 16

// OfficeFormat looks inside a zip and says whether it is really an office
// document: XLSX or DOCX (an OOXML package: "[Content_Types].xml" with
// "xl/workbook.xml" or "word/document.xml"), ODS or ODT (an OpenDocument
// package: its "mimetype" member names the type). Anything else, a zip
// that cannot be read included, is extract.Zip.
func OfficeFormat(ra extract.RandomAccess) extract.Format {
	size := ra.Size()
	if n, ok := zipEntries(ra, size); ok && n > officeMaxParts {
		return extract.Zip
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return extract.Zip
	}
	var contentTypes bool
	var main extract.Format
	for _, f := range zr.File {
		// OPC part names compare without regard to case.
		switch {
		case strings.EqualFold(f.Name, "mimetype"):
			if format := odfFormat(f); format != "" {
				return format
			}
		case strings.EqualFold(f.Name, "[Content_Types].xml"):
			contentTypes = true
		case strings.EqualFold(f.Name, "xl/workbook.xml"):
			main = extract.XLSX
		case strings.EqualFold(f.Name, "word/document.xml"):
			main = extract.DOCX
		}
	}
	if contentTypes && main != "" {
		return main
	}
	return extract.Zip
}

// odfFormat reads an OpenDocument "mimetype" member: ODS or ODT, or "".
func odfFormat(f *zip.File) extract.Format {
	const longest = 64 // the media types asked for are shorter
	if f.UncompressedSize64 > longest || f.Flags&0x1 != 0 {
		return ""
	}
	rc, err := f.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	mime, err := io.ReadAll(io.LimitReader(rc, longest))
	if err != nil {
		return ""
	}
	switch string(bytes.TrimSpace(mime)) {
	case "application/vnd.oasis.opendocument.spreadsheet":
		return extract.ODS
	case "application/vnd.oasis.opendocument.text":
		return extract.ODT
	}
	return ""
}
