package detect

// cn_resident_id: the 18-character citizen identification number of the
// People's Republic of China (GB 11643-1999): a 6-digit address code whose
// first two digits name the province, the birth date as YYYYMMDD, a
// 3-digit sequence code and an ISO 7064 MOD 11-2 check character (0-9 or
// X). Strong: the check character, the province and the birth date
// together reject almost every other 18-digit number.

var cnResidentWords = []string{
	"身份证", "身份证号", "身份证号码", "居民身份证", "公民身份号码", "身份證", "证件号码", "证件号",
	"resident id", "resident identity card", "chinese id", "sfz", "sfzh", "shenfenzheng",
}

// cnResidentWeights are the ISO 7064 MOD 11-2 weights 2^(17-i) mod 11 of
// the first 17 characters.
var cnResidentWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// cnResidentCheckChars maps the weighted sum mod 11 to the check character.
const cnResidentCheckChars = "10X98765432"

func validateCNResidentID(compact []byte) (string, bool) {
	if len(compact) != 18 || !isDigits(compact[:17]) || !cnProvince(decimal(compact[:2])) {
		return "", false
	}
	if compact[17] != cnResidentCheck(compact[:17]) {
		return "", false
	}
	y, m, d := decimal(compact[6:10]), decimal(compact[10:12]), decimal(compact[12:14])
	if !birthDateValid(y, m, d) {
		return "", false
	}
	return string(compact), true
}

// cnResidentCheck computes the check character of 17 digits.
func cnResidentCheck(first17 []byte) byte {
	sum := 0
	for i, c := range first17 {
		sum += int(c-'0') * cnResidentWeights[i]
	}
	return cnResidentCheckChars[sum%11]
}

// cnProvince reports whether code is the first two digits of a province,
// autonomous region or municipality in GB/T 2260, or one of the codes that
// numbers outside the provinces use: 71 (Taiwan), 81 (Hong Kong), 82
// (Macao), 83 (residence permits of Taiwan residents), 91.
func cnProvince(code int) bool {
	switch {
	case code >= 11 && code <= 15, code >= 21 && code <= 23, code >= 31 && code <= 37,
		code >= 41 && code <= 46, code >= 50 && code <= 54, code >= 61 && code <= 65:
		return true
	}
	return code == 71 || code == 81 || code == 82 || code == 83 || code == 91
}
