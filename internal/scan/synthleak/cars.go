package synthleak

import (
	"bytes"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// The car owner database: a mysqldump of the owners (resident IDs, VINs,
// plates, mobile numbers, addresses) and of the orders (18-digit order
// numbers shaped like resident IDs that fail the check: decoys), and the
// 2021 backup of the owners in a tar.gz.

const (
	carOwnersPath    = "db/car_owners.sql"
	carBackupPath    = "backup/cars.tar.gz"
	carBackupMember  = "car_owners_2021.sql"
	tuplesPerInsert  = 500 // mysqldump splits its extended inserts too
	ownerColumnsList = "(`id`,`owner_name`,`id_card_no`,`vin`,`plate_no`,`mobile`,`address`,`remark`,`created_at`)"
)

const dumpHeader = `-- MySQL dump 10.13  Distrib 8.0.31, for Linux (x86_64)
--
-- Host: localhost    Database: nio_crm
-- ------------------------------------------------------
-- Server version	8.0.31

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!50503 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;
`

const ownersTable = `
--
-- Table structure for table ` + "`car_owners`" + `
--

DROP TABLE IF EXISTS ` + "`car_owners`" + `;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE ` + "`car_owners`" + ` (
  ` + "`id`" + ` int NOT NULL AUTO_INCREMENT,
  ` + "`owner_name`" + ` varchar(64) NOT NULL COMMENT '车主姓名',
  ` + "`id_card_no`" + ` char(18) NOT NULL COMMENT '身份证号',
  ` + "`vin`" + ` char(17) NOT NULL COMMENT '车架号',
  ` + "`plate_no`" + ` varchar(16) DEFAULT NULL,
  ` + "`mobile`" + ` varchar(20) NOT NULL,
  ` + "`address`" + ` varchar(255) DEFAULT NULL,
  ` + "`remark`" + ` varchar(255) DEFAULT NULL,
  ` + "`created_at`" + ` datetime NOT NULL,
  PRIMARY KEY (` + "`id`" + `),
  UNIQUE KEY ` + "`uk_vin`" + ` (` + "`vin`" + `)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;
`

const ordersTable = `
--
-- Table structure for table ` + "`orders`" + `
--

DROP TABLE IF EXISTS ` + "`orders`" + `;
CREATE TABLE ` + "`orders`" + ` (
  ` + "`id`" + ` bigint NOT NULL AUTO_INCREMENT,
  ` + "`order_no`" + ` char(18) NOT NULL,
  ` + "`user_id`" + ` int NOT NULL,
  ` + "`amount`" + ` decimal(10,2) NOT NULL,
  ` + "`status`" + ` varchar(16) NOT NULL,
  ` + "`created_at`" + ` datetime NOT NULL,
  PRIMARY KEY (` + "`id`" + `)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
`

const dumpFooter = `/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed
`

// inserter writes tuples as extended inserts, a new INSERT statement every
// tuplesPerInsert tuples.
type inserter struct {
	w      io.StringWriter
	prefix string // INSERT INTO `t` VALUES
	n      int
}

func (in *inserter) add(tuple string) {
	switch {
	case in.n%tuplesPerInsert == 0:
		in.w.WriteString(in.prefix)
	default:
		in.w.WriteString(",")
	}
	in.w.WriteString(tuple)
	in.n++
	if in.n%tuplesPerInsert == 0 {
		in.w.WriteString(";\n")
	}
}

func (in *inserter) flush() {
	if in.n%tuplesPerInsert != 0 {
		in.w.WriteString(";\n")
	}
}

// sqlEscapes are MySQL's backslash escapes (a Replacer is safe for
// concurrent use and never changes).
var sqlEscapes = strings.NewReplacer(`\`, `\\`, `'`, `\'`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\x00", `\0`)

// sqlString writes s as a MySQL string literal.
func sqlString(s string) string { return "'" + sqlEscapes.Replace(s) + "'" }

// lockedTable writes the data of one table the way mysqldump does.
func lockedTable(w io.StringWriter, table string, rows func(*inserter) error) error {
	w.WriteString("\n--\n-- Dumping data for table `" + table + "`\n--\n\n")
	w.WriteString("LOCK TABLES `" + table + "` WRITE;\n/*!40000 ALTER TABLE `" + table + "` DISABLE KEYS */;\n")
	in := &inserter{w: w, prefix: "INSERT INTO `" + table + "` VALUES "}
	if err := rows(in); err != nil {
		return err
	}
	in.flush()
	w.WriteString("/*!40000 ALTER TABLE `" + table + "` ENABLE KEYS */;\nUNLOCK TABLES;\n")
	return nil
}

// writeCarOwners writes db/car_owners.sql: mysqldump's default output,
// extended inserts without column lists (the names are in CREATE TABLE).
func (g *generator) writeCarOwners() error {
	rng := g.rngFor(carOwnersPath)
	o, err := g.create(carOwnersPath)
	if err != nil {
		return err
	}
	book := g.led.file(carOwnersPath, "sql")
	o.WriteString(dumpHeader + ownersTable)
	err = lockedTable(o, "car_owners", func(in *inserter) error {
		n := 0
		for i := range g.pop.registered() {
			if !g.flags(i).carOwner {
				continue
			}
			n++
			if err := g.ownerTuple(in, book, rng, g.cnPerson(i), n, false); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	o.WriteString(ordersTable)
	_ = lockedTable(o, "orders", func(in *inserter) error {
		g.orderTuples(in, book, rng)
		return nil
	})
	o.WriteString(dumpFooter)
	size, err := o.close()
	book.close(size)
	return err
}

// ownerTuple writes and books one owner. In the 2021 backup an owner may
// have the mobile number they had then.
func (g *generator) ownerTuple(in *inserter, book *fileBook, rng *rand.Rand, p *cnPerson, n int, in2021 bool) error {
	mobile := p.mobile
	if in2021 && p.flags.oldMobile {
		mobile = p.oldMobile
	}
	if err := checkPhone(mobile, "CN", "+86"+mobile); err != nil {
		return err
	}
	address := ownerAddress(rng, p.home)
	in.add("(" + strconv.Itoa(n) + "," + sqlString(p.name()) + "," + sqlString(p.residentID) + "," + sqlString(p.vin) +
		"," + sqlString(p.plate) + "," + sqlString(mobile) + "," + sqlString(address) + "," + remark(rng) +
		"," + sqlString(g.timestamp(rng, 2019)) + ")")
	r := book.row()
	r.add(detect.Name, "", p.name())
	r.add(detect.NationalID, "cn_resident_id", p.residentID)
	r.add(detect.VIN, "", p.vin)
	r.add(detect.Phone, "", "+86"+mobile)
	r.add(detect.PostalAddress, "", joinAddress(address))
	book.end()
	return nil
}

// ownerAddress writes an owner's address as one string; now and then the
// street is on a line of its own or after two spaces, which the report's
// normalization collapses into one space.
func ownerAddress(rng *rand.Rand, a cnAddress) string {
	line := a.oneLine()
	head := strings.TrimSuffix(line, a.street())
	switch rng.IntN(20) {
	case 0:
		return head + "\n" + a.street()
	case 1:
		return head + "  " + a.street()
	}
	return line
}

// remark is the free-text remark column: mostly NULL, sometimes with
// quotes and backslashes that need escaping, never personal data.
func remark(rng *rand.Rand) string {
	switch rng.IntN(25) {
	case 0:
		return sqlString("客户要求'尽快'交车")
	case 1:
		return sqlString(`附件见 C:\Users\service\交车单`)
	case 2:
		return sqlString(`"VIP" 客户`)
	}
	return "NULL"
}

// orderTuples writes the orders: no personal data, but order numbers that
// look like resident IDs.
func (g *generator) orderTuples(in *inserter, book *fileBook, rng *rand.Rand) {
	today := dateOf(g.now)
	for n := 1; n <= max(10, g.pop.registered()/50); n++ {
		day := today.addDays(-rng.IntN(700))
		order := orderNumber(rng, day)
		g.led.decoy("order_no", order)
		amount := strconv.Itoa(99+rng.IntN(9900)) + "." + pad(rng.IntN(100), 2)
		status := pick(rng, []string{"paid", "shipped", "delivered", "refunded"})
		in.add("(" + strconv.Itoa(n) + "," + sqlString(order) + "," + strconv.Itoa(1+rng.IntN(g.pop.registered())) + "," +
			amount + "," + sqlString(status) + "," + sqlString(day.iso()+" "+pad(rng.IntN(24), 2)+":"+pad(rng.IntN(60), 2)+":00") + ")")
		book.row()
		book.end()
	}
}

// writeCarBackup writes backup/cars.tar.gz: the owner table of 2021 as
// mysqldump --complete-insert writes it (column lists in every INSERT).
func (g *generator) writeCarBackup() error {
	rng := g.rngFor(carBackupPath)
	var sql bytes.Buffer
	book := g.led.file(tarGzMemberPath(carBackupPath, carBackupMember), "sql")
	sql.WriteString(dumpHeader + ownersTable)
	err := lockedTable(&sql, "car_owners", func(in *inserter) error {
		in.prefix = "INSERT INTO `car_owners` " + ownerColumnsList + " VALUES "
		n := 0
		for i := range g.pop.registered() {
			if !g.flags(i).owner2021 {
				continue
			}
			n++
			if err := g.ownerTuple(in, book, rng, g.cnPerson(i), n, true); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	sql.WriteString(dumpFooter)
	book.close(int64(sql.Len()))
	_, err = g.writeTarGz(carBackupPath, []archiveMember{{carBackupMember, sql.Bytes()}})
	return err
}
