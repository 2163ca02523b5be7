package people

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// table reads a CRM export row by row: a CSV file (any of the delimiters
// , ; tab |, with or without a byte order mark, in UTF-8 or Windows-1252 as
// German Excel writes it) or the first sheet of an XLSX workbook.
type table struct {
	header []string
	// next returns the next row; io.EOF after the last. A row that does not
	// parse gives an error with the row number and the table goes on.
	next  func() ([]string, error)
	close func()
}

// rowError is a row that could not be read; it never holds the row.
type rowError struct {
	row    int
	reason string
}

func (e *rowError) Error() string { return fmt.Sprintf("row %d: %s", e.row, e.reason) }

// isXLSX tells an XLSX workbook (a ZIP file) from a CSV file.
func isXLSX(name string, data []byte) bool {
	lower := strings.ToLower(name)
	return bytes.HasPrefix(data, []byte("PK\x03\x04")) || strings.HasSuffix(lower, ".xlsx") || strings.HasSuffix(lower, ".xlsm")
}

// openTable opens a CRM export and reads its header.
func openTable(name string, data []byte) (*table, error) {
	var t *table
	var err error
	if isXLSX(name, data) {
		t, err = openXLSX(data)
	} else {
		t, err = openCSV(data)
	}
	if err != nil {
		return nil, err
	}
	header, err := t.next()
	if errors.Is(err, io.EOF) {
		t.close()
		return nil, errors.New("the file is empty: it has no header row")
	}
	if err != nil {
		t.close()
		return nil, fmt.Errorf("the header row does not read: %w", err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	t.header = header
	return t, nil
}

func openCSV(data []byte) (*table, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		decoded, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, errors.New("the file is neither UTF-8 nor Windows-1252 text")
		}
		data = decoded
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = sniffDelimiter(data)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	row := 0
	next := func() ([]string, error) {
		rec, err := r.Read()
		row++
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, &rowError{row: row, reason: pe.Err.Error()}
		}
		return rec, err
	}
	return &table{next: next, close: func() {}}, nil
}

// sniffDelimiter picks the delimiter that occurs most often outside quotes
// in the first line.
func sniffDelimiter(data []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for _, c := range data {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		switch c {
		case ',', ';', '\t', '|':
			counts[c]++
		}
	}
	best, most := byte(','), 0
	for _, c := range []byte{',', ';', '\t', '|'} {
		if counts[c] > most {
			best, most = c, counts[c]
		}
	}
	return rune(best)
}

func openXLSX(data []byte) (*table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, errors.New("the file is not a readable XLSX workbook")
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, errors.New("the workbook has no sheet")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		f.Close()
		return nil, errors.New("the first sheet of the workbook does not read")
	}
	row := 0
	next := func() ([]string, error) {
		if !rows.Next() {
			if err := rows.Error(); err != nil {
				return nil, errors.New("the sheet does not read to its end")
			}
			return nil, io.EOF
		}
		row++
		cols, err := rows.Columns()
		if err != nil {
			return nil, &rowError{row: row, reason: "the row does not read"}
		}
		return cols, nil
	}
	return &table{next: next, close: func() { rows.Close(); f.Close() }}, nil
}
