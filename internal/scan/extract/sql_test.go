package extract

import (
	"bytes"
	"context"
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestExtractSQL(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		want    []string
		damaged string
	}{
		{
			name:  "every tuple of an INSERT is a record, columns from its list",
			input: "INSERT INTO `users` (`name`,`email`) VALUES ('Max','max@example.com'),('Erika','erika@example.com');",
			want:  []string{"tuple 1: name=Max | email=max@example.com", "tuple 2: name=Erika | email=erika@example.com"},
		},
		{
			name: "tuples count over the whole file",
			input: "INSERT INTO a (x) VALUES ('1'),('2');\n" +
				"INSERT INTO b (y) VALUES ('3');\n",
			want: []string{"tuple 1: x=1", "tuple 2: x=2", "tuple 3: y=3"},
		},
		{
			name: "an INSERT without a column list takes the names of the last CREATE TABLE",
			input: "CREATE TABLE `owners` (\n  `id` int NOT NULL AUTO_INCREMENT,\n  `name` varchar(64) DEFAULT 'a,b',\n" +
				"  `id_card` char(18),\n  PRIMARY KEY (`id`),\n  KEY `idx` (`name`,`id_card`)\n) ENGINE=InnoDB;\n" +
				"INSERT INTO `owners` VALUES (1,'王伟','110101199003071234');",
			want: []string{"tuple 1: id=1 | name=王伟 | id_card=110101199003071234"},
		},
		{
			name:  "without a CREATE TABLE columns are numbered per table",
			input: "INSERT INTO `t` VALUES (1,'x');",
			want:  []string{"tuple 1: t.column 1=1 | t.column 2=x"},
		},
		{
			name:  "values beyond the column list are numbered",
			input: "INSERT INTO t (a) VALUES ('1','2');",
			want:  []string{"tuple 1: a=1 | t.column 2=2"},
		},
		{
			name:  "MySQL escapes and doubled quotes are decoded",
			input: `INSERT INTO t (s) VALUES ('it\'s \\ a\nb\tc \"q\" \0 \Z ''x'' \% \_ \q');`,
			want:  []string{"tuple 1: s=it's \\ a\nb\tc \"q\" \x00 \x1a 'x' \\% \\_ q"},
		},
		{
			name:  "double-quoted strings are strings in MySQL",
			input: `INSERT INTO t (s) VALUES ("max@example.com", "a""b");`,
			want:  []string{"tuple 1: s=max@example.com | t.column 2=a\"b"},
		},
		{
			name:  "NULL, DEFAULT, booleans and hex or bit literals are left out",
			input: "INSERT INTO t (a,b,c,d,e,f,g,h) VALUES (NULL,DEFAULT,TRUE,false,X'4D6178',0x4D6178,b'101','kept');",
			want:  []string{"tuple 1: h=kept"},
		},
		{
			name:  "numbers are kept as written",
			input: "INSERT INTO t (a,b,c) VALUES (-12.5,1e-3,13812345678);",
			want:  []string{"tuple 1: a=-12.5 | b=1e-3 | c=13812345678"},
		},
		{
			name:  "_binary and charset introducers come before a string",
			input: "INSERT INTO t (a,b,c) VALUES (_binary 'bin@example.com',_utf8mb4'王伟',N'nat');",
			want:  []string{"tuple 1: a=bin@example.com | b=王伟 | c=nat"},
		},
		{
			name:  "an expression contributes the literals inside it",
			input: "INSERT INTO t (a,b,c) VALUES (NOW(),ST_GeomFromText('POINT(1 2)', 4326),CONCAT('a', ')'));",
			want:  []string{"tuple 1: b=POINT(1 2) 4326 | c=a )"},
		},
		{
			name: "comments of every kind are skipped, also inside statements",
			input: "-- MySQL dump 10.13\n# hash comment\n/*!40101 SET NAMES utf8mb4 */;\n" +
				"INSERT /* inline */ INTO t (a) -- trailing\n VALUES ('1' /* between */),\n('2');",
			want: []string{"tuple 1: a=1", "tuple 2: a=2"},
		},
		{
			name:  "INSERT IGNORE, REPLACE INTO and ON DUPLICATE KEY UPDATE",
			input: "INSERT IGNORE INTO t (a) VALUES ('1');\nREPLACE INTO t (a) VALUES ('2');\nINSERT INTO t (a) VALUES ('3') ON DUPLICATE KEY UPDATE a=VALUES(a), b='x;y';\nINSERT LOW_PRIORITY t (a) VALUE ('4');",
			want:  []string{"tuple 1: a=1", "tuple 2: a=2", "tuple 3: a=3", "tuple 4: a=4"},
		},
		{
			name:  "statements other than INSERT are skipped, with semicolons in their strings",
			input: "SET @x = 'a;b';\nDROP TABLE IF EXISTS `t`;\nLOCK TABLES `t` WRITE;\nINSERT INTO t (a) VALUES ('1');\nUNLOCK TABLES;",
			want:  []string{"tuple 1: a=1"},
		},
		{
			name:  "INSERT ... SELECT and INSERT ... SET carry no tuples",
			input: "INSERT INTO t (a) SELECT a FROM u WHERE b = 'x;';\nINSERT INTO t SET a = 'y';\nINSERT INTO t (a) VALUES ('1');",
			want:  []string{"tuple 1: a=1"},
		},
		{
			name:  "routines between DELIMITER lines are skipped",
			input: "DELIMITER ;;\nCREATE PROCEDURE p() BEGIN INSERT INTO t VALUES ('no'); END ;;\nDELIMITER ;\nINSERT INTO t (a) VALUES ('yes');",
			want:  []string{"tuple 1: a=yes"},
		},
		{
			name:  "MySQL 8 VALUES ROW(...)",
			input: "INSERT INTO t (a) VALUES ROW('1'), ROW('2');",
			want:  []string{"tuple 1: a=1", "tuple 2: a=2"},
		},
		{
			name:  "a multi-line statement",
			input: "INSERT INTO t\n(\n a,\n b\n)\nVALUES\n(\n'1',\n'2'\n);",
			want:  []string{"tuple 1: a=1 | b=2"},
		},
		{
			name: "PostgreSQL INSERT with schema, E strings, dollar quotes and casts",
			input: "-- PostgreSQL database dump\nSET standard_conforming_strings = on;\n" +
				"INSERT INTO public.users (id, name, note, path, born) VALUES (1, 'O''Brien', E'line\\nnext', 'C:\\temp', '1990-01-02'::date);\n" +
				"INSERT INTO public.users (id, name) VALUES (2, $$dollar 'quoted'$$), (3, $tag$with $$ inside$tag$);",
			want: []string{
				"tuple 1: id=1 | name=O'Brien | note=line\nnext | path=C:\\temp | born=1990-01-02",
				"tuple 2: id=2 | name=dollar 'quoted'",
				"tuple 3: id=3 | name=with $$ inside",
			},
		},
		{
			name: "PostgreSQL COPY rows are tuples too, with \\N and escapes",
			input: "-- PostgreSQL database dump\n" +
				"CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN; RETURN NEW; END; $$ LANGUAGE plpgsql;\n" +
				"COPY public.users (id, name, email, note) FROM stdin;\n" +
				"1\tMax\tmax@example.com\t\\N\n" +
				"2\tErika\t\\N\ttab\\there\\nnewline \\\\ back \\101\\x42\n" +
				"\\.\n" +
				"INSERT INTO public.users (id, name) VALUES (3, 'Wang');\n",
			want: []string{
				"tuple 1: id=1 | name=Max | email=max@example.com",
				"tuple 2: id=2 | name=Erika | note=tab\there\nnewline \\ back AB",
				"tuple 3: id=3 | name=Wang",
			},
		},
		{
			name:  "COPY TO stdout and psql meta-commands are skipped",
			input: "\\connect shop\nCOPY users TO stdout;\nCOPY users (a) FROM stdin;\nx\n\\.\n",
			want:  []string{"tuple 1: a=x"},
		},
		{
			name:    "a COPY block cut off damages the file",
			input:   "COPY users (a) FROM stdin;\nx\ny",
			want:    []string{"tuple 1: a=x", "tuple 2: a=y"},
			damaged: "unterminated COPY block at line 1",
		},
		{
			name:    "a statement that does not parse is skipped and named",
			input:   "INSERT INTO t (a) VALUES ('1');\n\nINSERT INTO t (a) VALUES 'x', 'y';\nINSERT INTO t (a,) VALUES ('2');\nINSERT INTO t (a) VALUES ('3');",
			want:    []string{"tuple 1: a=1", "tuple 2: a=3"},
			damaged: "invalid SQL statement at line 3",
		},
		{
			name:    "a dump cut off inside a tuple keeps the tuples before it",
			input:   "INSERT INTO t (a) VALUES ('1'),('2'),('3",
			want:    []string{"tuple 1: a=1", "tuple 2: a=2"},
			damaged: "unterminated SQL statement at line 1",
		},
		{
			name:  "an empty dump has no records",
			input: "-- nothing here\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink, err := extractBytes(t, ExtractSQL, "dump.sql", []byte(tt.input))
			checkDamaged(t, err, tt.damaged)
			if got := sink.Lines(); !slices.Equal(got, tt.want) {
				t.Errorf("records\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestExtractSQLDumpFiles(t *testing.T) {
	tests := []struct {
		file  string
		count int
		want  []string // the first records
	}{
		{"sql_mysqldump.sql", 5, []string{
			"tuple 1: id=1 | name=王伟 | id_card=110101199003071234 | vin=LSVAU2180N2183294 | phone=13812345678 | created_at=2023-04-01 10:00:00",
			"tuple 2: id=2 | name=O'Neil, \"Pat\" | id_card=11010519491231002X | vin=WVWZZZ1JZXW000001 | phone=+86 139 1234 5678 | created_at=2023-04-02 11:30:00",
			"tuple 3: id=3 | name=李娜\n(second line) | id_card=440524188001010014 | vin=1HGCM82633A004352 | phone=13912345678 | photo=raw;bytes | created_at=2023-04-03 12:00:00",
		}},
		{"sql_pg_dump.sql", 4, []string{
			"tuple 1: id=1 | first_name=Max | last_name=Mustermann | email=max@example.com | street=Musterstraße 12",
			"tuple 2: id=2 | first_name=Erika | last_name=Mustermann | email=erika@example.com",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			sink, err := extractBytes(t, ExtractSQL, tt.file, data)
			if err != nil {
				t.Fatal(err)
			}
			got := sink.Lines()
			if len(got) != tt.count {
				t.Errorf("%d records, want %d: %q", len(got), tt.count, got)
			}
			if len(got) < len(tt.want) || !slices.Equal(got[:len(tt.want)], tt.want) {
				t.Errorf("records\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestExtractSQLBlobsFullOfEscapesTakeLinearTime(t *testing.T) {
	// A mysqldump blob is one long string with an escape every few bytes;
	// searching the whole string again after every escape would take
	// hours here.
	blob := strings.Repeat(`ab\0\'`, 1<<20)
	input := "INSERT INTO t (b, e) VALUES ('" + blob + "', 'max@example.com');"
	sink := newDiscardSink()
	if err := ExtractSQL(context.Background(), strings.NewReader(input), "x.sql", sink); err != nil {
		t.Fatal(err)
	}
	if sink.rows != 1 || sink.fields != 2 {
		t.Errorf("%d rows with %d fields, want 1 with 2", sink.rows, sink.fields)
	}
}

func TestExtractSQLStopsWhenTheSinkSaysSo(t *testing.T) {
	sink := newRecordingSink()
	sink.StopAfter = 1
	err := ExtractSQL(context.Background(), strings.NewReader("INSERT INTO t VALUES (1),(2),(3);"), "x.sql", sink)
	if !errors.Is(err, errSinkStopped) {
		t.Fatalf("error %v, want the sink's", err)
	}
}

// benchMySQLDump writes a mysqldump-style dump of n rows in extended
// inserts of 1000 tuples.
func benchMySQLDump(n int) []byte {
	var b bytes.Buffer
	b.WriteString("-- MySQL dump 10.13\n/*!40101 SET NAMES utf8mb4 */;\nCREATE TABLE `owners` (\n `id` int NOT NULL,\n `name` varchar(64),\n `email` varchar(128),\n `phone` varchar(32),\n `id_card` char(18),\n `address` text,\n PRIMARY KEY (`id`)\n);\n")
	for i := range n {
		if i%1000 == 0 {
			if i > 0 {
				b.WriteString(";\n")
			}
			b.WriteString("INSERT INTO `owners` VALUES ")
		} else {
			b.WriteByte(',')
		}
		id := strconv.Itoa(100000 + i)
		b.WriteString("(" + id + ",'Wang Wei " + id[4:] + "','wang.wei" + id + "@163.com','+86 138 1234 " + id[2:] +
			"','1101011990030" + id[:5] + "','Chang\\'an Avenue " + id[3:] + ", Beijing')")
	}
	b.WriteString(";\n")
	return b.Bytes()
}

// benchPgCopy writes a pg_dump-style COPY block of n rows.
func benchPgCopy(n int) []byte {
	var b bytes.Buffer
	b.WriteString("-- PostgreSQL database dump\nCOPY public.owners (id, name, email, phone, id_card, address) FROM stdin;\n")
	for i := range n {
		id := strconv.Itoa(100000 + i)
		b.WriteString(id + "\tWang Wei " + id[4:] + "\twang.wei" + id + "@163.com\t+86 138 1234 " + id[2:] +
			"\t1101011990030" + id[:5] + "\tChang'an Avenue " + id[3:] + ",\\tBeijing\n")
	}
	b.WriteString("\\.\n")
	return b.Bytes()
}

func BenchmarkExtractSQL(b *testing.B) {
	for _, bench := range []struct {
		name string
		data []byte
	}{{"mysql-insert", benchMySQLDump(100000)}, {"pg-copy", benchPgCopy(100000)}} {
		b.Run(bench.name, func(b *testing.B) {
			b.SetBytes(int64(len(bench.data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := ExtractSQL(context.Background(), bytes.NewReader(bench.data), "dump.sql", newDiscardSink()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestExtractSQLStreamsInConstantMemory(t *testing.T) {
	tuple := []byte(",(100001,'Wang Wei','wang.wei@163.com','+86 138 1234 5678','Chang\\'an Avenue 1, Beijing')")
	n := 100 << 20 / len(tuple)
	t.Run("one INSERT of 100 MB", func(t *testing.T) {
		input := newRepeatReader([]byte("INSERT INTO `owners` VALUES (0,'x')"), tuple, n, []byte(";\n"))
		assertConstantMemory(t, ExtractSQL, "huge.sql", input, int64(n+1))
	})
	t.Run("a COPY block of 100 MB", func(t *testing.T) {
		row := []byte("100001\tWang Wei\twang.wei@163.com\t+86 138 1234 5678\tChang'an Avenue 1\\nBeijing\n")
		input := newRepeatReader([]byte("COPY public.owners (id, name, email, phone, address) FROM stdin;\n"), row, n, []byte("\\.\n"))
		assertConstantMemory(t, ExtractSQL, "huge.sql", input, int64(n))
	})
}

func TestExtractSQLAllocatesNothingPerTuple(t *testing.T) {
	assertNoAllocsPerRecord(t, ExtractSQL, "dump.sql", benchMySQLDump(20000), benchMySQLDump(60000))
	assertNoAllocsPerRecord(t, ExtractSQL, "dump.sql", benchPgCopy(20000), benchPgCopy(60000))
}

func TestExtractSQLBoundsTheValuesOfATuple(t *testing.T) {
	input := "INSERT INTO t VALUES ('a'),(" + strings.Repeat("'x',", maxRecordFields) + "'x');"
	sink, err := extractBytes(t, ExtractSQL, "x.sql", []byte(input))
	checkDamaged(t, err, "SQL tuple with more than 1048576 values at line 1")
	if len(sink.Records) != 1 {
		t.Errorf("%d records before the damage, want 1", len(sink.Records))
	}
}
