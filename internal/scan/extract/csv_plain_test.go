package extract

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// extractCSVWay extracts data with or without splitValues, through a Sink
// with or without RowSpans, and returns the records, the order in which
// columns were interned and the error.
func extractCSVWay(t *testing.T, data []byte, plainValues, spans bool) jsonResult {
	rec := &columnOrderSink{recordingSink: newRecordingSink()}
	var sink Sink = rec
	if !spans {
		sink = rowOnlySink{rec}
	}
	err := extractCSV(context.Background(), bytes.NewReader(data), "x.csv", sink, plainValues)
	rec.assertProtocol(t)
	return jsonResult{rec.Lines(), rec.order, fmt.Sprint(err)}
}

// extractCSVBothWays fails the test unless splitValues reads data as
// splitPlain and deliver do, through RowSpans and (unless spansOnly)
// through Row.
func extractCSVBothWays(t *testing.T, data []byte, spansOnly bool) {
	t.Helper()
	want := extractCSVWay(t, data, false, true)
	for _, spans := range []bool{true, false} {
		if spansOnly && !spans {
			continue
		}
		got := extractCSVWay(t, data, true, spans)
		if got.err != want.err || !slices.Equal(got.lines, want.lines) || !slices.Equal(got.order, want.order) {
			t.Fatalf("RowSpans %v: error %s, columns %q, records\n%s\nwant error %s, columns %q, records\n%s",
				spans, got.err, got.order, strings.Join(got.lines, "\n"), want.err, want.order, strings.Join(want.lines, "\n"))
		}
	}
}

// csvPlainCases are files on the edge of what splitValues reads.
var csvPlainCases = []string{
	"a,b\n1,2\n",
	"a,b\r\n1,2\r\n\r\n3,\r\n,4\r\n",
	"a,b\n\n\n1,2\n\r\n,\n,,\n",
	"a,b\n1,2,3,4\n5,6,7\n8,9,10,11,12\n",
	"a,b\n1,2,,,,\n,,,,,x\n",
	"a,,c\n1,2,3\n4,,6\n",
	"a,b\n\"1\",2\n3,\"4\"\n5,6\n",
	"a,b\n1,2\r",
	"a,b\n1,2",
	"a;b;c\n1;2;3\n4,5;6;7\n",
	"a\tb\n1\t2\t3\n\t\t\n",
	"id,username,email,mobile,reg_date,last_login_ip,password_hash\n" +
		"1,xutao24,xu_tao618530@sohu.com,18370908293,2021-08-11 11:49:12,122.231.102.212,$2b$10$pFNDgl1YZPue0uOwuSttNNsN1F/Ezc19qWk3tE0rlpv2kL9I43ln/\n",
	"名前,メール\n山田,yamada@example.jp\n,\n",
	"a,b\n1\r2,3\n4,5\r\r\n",
	"x@y.z,12345\nfirst,row,is,data\n",
	"a,b\n" + strings.Repeat(",", maxRecordFields) + "\n1,2\n",
	"a,b\n" + strings.Repeat(",", maxRecordFields-1) + "\n1,2\n",
	"a,b\n1,2" + strings.Repeat(",", maxRecordFields) + "x\n",
}

func TestCSVPlainValuesAgreeWithTheGeneralPath(t *testing.T) {
	for i, c := range csvPlainCases {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			extractCSVBothWays(t, []byte(c), false)
		})
	}
}

// TestCSVPlainValuesAgreeAcrossTheBuffer repeats the cases' rows until
// they cross the window's buffer at every kind of place.
func TestCSVPlainValuesAgreeAcrossTheBuffer(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("id,name,email,phone\n")
	for i := 0; b.Len() < 3*initialBufSize; i++ {
		c := csvPlainCases[i%len(csvPlainCases)]
		if len(c) > 1000 {
			continue
		}
		_, rows, _ := strings.Cut(c, "\n")
		b.WriteString(strings.Repeat("x", i%11) + rows)
		if !strings.HasSuffix(rows, "\n") {
			b.WriteString("\n")
		}
	}
	extractCSVBothWays(t, b.Bytes(), false)
	extractCSVBothWays(t, benchPeople(3000), false)
}

// FuzzCSVPlainValues checks that splitValues reads any input as the
// general path does, also when its rows are repeated across the window's
// buffer.
func FuzzCSVPlainValues(f *testing.F) {
	addSeeds(f, []string{"csv_"}, csvPlainCases[:len(csvPlainCases)-3]...)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzInput/4 {
			t.Skip()
		}
		extractCSVBothWays(t, data, false)
		// Repeated rows of a few bytes make tens of thousands of records
		// to compare, which slows fuzzing down to a crawl; the test above
		// takes short rows across the buffer.
		if head, rows, ok := bytes.Cut(data, []byte("\n")); ok && len(rows) >= 16 {
			repeated := append(append(head, '\n'), bytes.Repeat(rows, initialBufSize/len(rows)+2)...)
			extractCSVBothWays(t, repeated, true)
		}
	})
}
