package synthleak

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"path"
	"strings"
)

// Archives: zip and tar.gz backups, and the zip containers of DOCX files.
// Every date inside is the breach day, so the bytes depend on the seed
// only.

// archiveMember is a file inside an archive.
type archiveMember struct {
	name    string
	content []byte
}

// memberPath is the display path of a member of the archive at archive,
// as the scanner reports it: backup/users_2020.zip!export/users_2020.csv.
func memberPath(archive, member string) string { return archive + "!" + member }

// tarGzMemberPath is the display path of a member of a .tar.gz: the gzip
// stream holds one file, the tar named after the archive without .gz,
// and the tar holds the member. (The lead decides whether the scanner
// shows the inner tar; this is the one place to change.)
func tarGzMemberPath(archive, member string) string {
	inner := strings.TrimSuffix(path.Base(archive), ".gz")
	return memberPath(memberPath(archive, inner), member)
}

// zipBytes builds a zip archive of members, deflated.
func (g *generator) zipBytes(members []archiveMember) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: zip.Deflate, Modified: g.now})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(m.content); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeZip writes a zip archive of members at rel.
func (g *generator) writeZip(rel string, members []archiveMember) (int64, error) {
	b, err := g.zipBytes(members)
	if err != nil {
		return 0, err
	}
	return g.writeFile(rel, b)
}

// writeTarGz writes a gzip-compressed tar archive of members at rel.
func (g *generator) writeTarGz(rel string, members []archiveMember) (int64, error) {
	var buf bytes.Buffer
	gz, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	gz.ModTime = g.now
	tw := tar.NewWriter(gz)
	for _, m := range members {
		hdr := &tar.Header{Name: m.name, Mode: 0o644, Size: int64(len(m.content)), ModTime: g.now,
			Uname: "mysql", Gname: "mysql", Format: tar.FormatUSTAR}
		if err := tw.WriteHeader(hdr); err != nil {
			return 0, err
		}
		if _, err := tw.Write(m.content); err != nil {
			return 0, err
		}
	}
	if err := tw.Close(); err != nil {
		return 0, err
	}
	if err := gz.Close(); err != nil {
		return 0, err
	}
	return g.writeFile(rel, buf.Bytes())
}
