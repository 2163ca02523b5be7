package synthleak

import (
	"bytes"
	"io"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// The user tables: the registered users (the bulk of the leak), the
// member export with Chinese headers, and the 2020 backup of the user
// table in a zip.

// writeCSVLine writes one CSV line, quoting fields that need it.
func writeCSVLine(w io.StringWriter, eol string, fields ...string) {
	for i, f := range fields {
		if i > 0 {
			w.WriteString(",")
		}
		if strings.ContainsAny(f, ",\"\r\n") {
			w.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"`)
		} else {
			w.WriteString(f)
		}
	}
	w.WriteString(eol)
}

// writeRegisteredUsers writes users/registered_users.csv: one row per
// registered customer with the mobile number as bare digits in a column
// that says mobile, the last login IP and a bcrypt password hash.
func (g *generator) writeRegisteredUsers() error {
	const path = "users/registered_users.csv"
	o, err := g.create(path)
	if err != nil {
		return err
	}
	book := g.led.file(path, "csv")
	writeCSVLine(o, "\n", "id", "username", "email", "mobile", "reg_date", "last_login_ip", "password_hash")
	for i := range g.pop.registered() {
		p := g.cnPerson(i)
		if err := checkPhone(p.mobile, "CN", "+86"+p.mobile); err != nil {
			return err
		}
		writeCSVLine(o, "\n", strconv.Itoa(i+1), p.username, p.email, p.mobile, p.signedUp, p.ip, p.hash)
		r := book.row()
		r.add(detect.Email, "", p.email)
		r.add(detect.Phone, "", "+86"+p.mobile)
		r.add(detect.IPAddress, "", p.ipNorm)
		r.add(detect.Credential, "bcrypt", p.hash)
		book.end()
	}
	size, err := o.close()
	book.close(size)
	return err
}

// writeMembers writes users/会员导出.csv, an export from a Windows tool:
// Chinese headers, a UTF-8 byte order mark, CRLF line ends. Its people are
// registered users too, linked by their mobile number and e-mail address.
// Some addresses are written with capitals and some IDs with a small x,
// which normalization undoes.
func (g *generator) writeMembers() error {
	const path = "users/会员导出.csv"
	rng := g.rngFor(path)
	o, err := g.create(path)
	if err != nil {
		return err
	}
	book := g.led.file(path, "csv")
	o.WriteString("\uFEFF")
	writeCSVLine(o, "\r\n", "姓名", "手机", "身份证号", "邮箱", "地址", "积分")
	for i := range g.pop.registered() {
		if !g.flags(i).member {
			continue
		}
		p := g.cnPerson(i)
		email, id := p.email, p.residentID
		if rng.IntN(5) == 0 {
			email = strings.ToUpper(email[:1]) + email[1:]
		}
		if strings.HasSuffix(id, "X") && rng.IntN(2) == 0 {
			id = strings.TrimSuffix(id, "X") + "x"
		}
		writeCSVLine(o, "\r\n", p.name(), p.mobile, id, email, p.home.oneLine(), strconv.Itoa(rng.IntN(20000)))
		r := book.row()
		r.add(detect.Name, "", p.name())
		r.add(detect.Phone, "", "+86"+p.mobile)
		r.add(detect.NationalID, "cn_resident_id", p.residentID)
		r.add(detect.Email, "", p.email)
		r.add(detect.PostalAddress, "", p.home.oneLine())
		book.end()
	}
	size, err := o.close()
	book.close(size)
	return err
}

// userBackupMember is the CSV inside backup/users_2020.zip.
const (
	userBackupPath   = "backup/users_2020.zip"
	userBackupMember = "export/users_2020.csv"
)

// writeUserBackup writes backup/users_2020.zip: the user table of 2020.
// Most of its people are registered users still (some with the e-mail
// address they had then, some with their old password hash); the deleted
// accounts are in it only.
func (g *generator) writeUserBackup() error {
	rng := g.rngFor(userBackupPath)
	var csv bytes.Buffer
	book := g.led.file(memberPath(userBackupPath, userBackupMember), "csv")
	writeCSVLine(&csv, "\n", "user_id", "email", "phone", "register_time", "last_ip", "password")
	for i := range g.pop.cn {
		f := g.flags(i)
		if !f.in2020 {
			continue
		}
		p := g.cnPerson(i)
		if err := checkPhone(p.mobile, "CN", "+86"+p.mobile); err != nil {
			return err
		}
		email, hash := p.email, p.hash
		if f.oldEmail {
			email = p.oldEmail
		}
		if rng.IntN(10) < 3 {
			hash = p.oldHash
		}
		ip := ipv4(rng)
		writeCSVLine(&csv, "\n", strconv.Itoa(i+1), email, p.mobile, p.signedUp, ip, hash)
		r := book.row()
		r.add(detect.Email, "", email)
		r.add(detect.Phone, "", "+86"+p.mobile)
		r.add(detect.IPAddress, "", ip)
		r.add(detect.Credential, "bcrypt", hash)
		book.end()
	}
	book.close(int64(csv.Len()))
	_, err := g.writeZip(userBackupPath, []archiveMember{{userBackupMember, csv.Bytes()}})
	return err
}
