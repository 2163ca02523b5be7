package source

import (
	"archive/zip"
	"bytes"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

func TestOfficeFormat(t *testing.T) {
	contentTypes := zipEntry{name: "[Content_Types].xml", content: "<Types/>"}
	tests := []struct {
		name string
		data []byte
		want extract.Format
	}{
		{"an OOXML package with a workbook is XLSX",
			makeZip(t, contentTypes, zipEntry{name: "_rels/.rels"}, zipEntry{name: "xl/workbook.xml", content: "<workbook/>"}), extract.XLSX},
		{"an OOXML package with a document is DOCX",
			makeZip(t, contentTypes, zipEntry{name: "word/document.xml", content: "<document/>"}), extract.DOCX},
		{"OOXML part names compare without regard to case",
			makeZip(t, zipEntry{name: "[content_types].XML"}, zipEntry{name: "XL/Workbook.xml"}), extract.XLSX},
		{"a workbook without content types is only a zip",
			makeZip(t, zipEntry{name: "xl/workbook.xml"}), extract.Zip},
		{"content types without a known main part is only a zip",
			makeZip(t, contentTypes, zipEntry{name: "ppt/presentation.xml"}), extract.Zip},
		{"an OpenDocument spreadsheet names itself in its mimetype member",
			makeZip(t, zipEntry{name: "mimetype", content: "application/vnd.oasis.opendocument.spreadsheet", method: zip.Store},
				zipEntry{name: "content.xml"}), extract.ODS},
		{"an OpenDocument text names itself in its mimetype member",
			makeZip(t, zipEntry{name: "mimetype", content: "application/vnd.oasis.opendocument.text", method: zip.Store}), extract.ODT},
		{"another OpenDocument type is only a zip",
			makeZip(t, zipEntry{name: "mimetype", content: "application/vnd.oasis.opendocument.presentation"}), extract.Zip},
		{"an ordinary archive is a zip",
			makeZip(t, zipEntry{name: "users.csv", content: "id\n1\n"}), extract.Zip},
		{"what is no zip at all is left to Walk to report",
			[]byte("PK\x03\x04 but nothing else"), extract.Zip},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := OfficeFormat(bytes.NewReader(tt.data)); got != tt.want {
				t.Errorf("OfficeFormat = %q, want %q", got, tt.want)
			}
		})
	}
}
