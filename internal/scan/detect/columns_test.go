package detect

import "testing"

func TestClassifyColumn(t *testing.T) {
	name := ColumnHint{Hint: HintName}
	addr := ColumnHint{Hint: HintAddress}
	locality := ColumnHint{Hint: HintAddress, Kind: KindLocality}
	birth := ColumnHint{Hint: HintBirth}
	password := ColumnHint{Hint: HintPassword}
	email := ColumnHint{Hint: HintEmail}
	phone := ColumnHint{Hint: HintPhone}
	ip := ColumnHint{Hint: HintIP}
	secret := ColumnHint{Hint: HintSecret}
	iban := ColumnHint{Hint: HintIBAN}
	card := ColumnHint{Hint: HintCard}
	vin := ColumnHint{Hint: HintVIN}
	ident := ColumnHint{Hint: HintIdentifier}
	nid := func(kind string) ColumnHint { return ColumnHint{Hint: HintNationalID, Kind: kind} }
	none := ColumnHint{}
	for _, tc := range []struct {
		column string
		want   ColumnHint
	}{
		// names, in every spelling and language
		{"name", name}, {"Name", name}, {"first_name", name}, {"firstName", name}, {"FirstName", name},
		{"first-name", name}, {"First Name", name}, {"firstname", name}, {"last_name", name},
		{"surname", name}, {"full_name", name}, {"receiver", name}, {"recipient", name},
		{"receiver_name", name}, {"owner_name", name}, {"customer_name", name}, {"contact_person", name},
		{"name_first", name}, {"cardholder_name", name}, {"vorname", name}, {"Nachname", name},
		{"姓名", name}, {"名字", name}, {"收件人", name}, {"联系人", name}, {"nom", name}, {"prénom", name},
		{"nombre", name}, {"apellido", name}, {"nome", name}, {"cognome", name}, {"naam", name},
		{"achternaam", name}, {"user.name", name}, {"客户姓名", name},
		// names that are not a person's
		{"username", none}, {"user_name", none}, {"userName", none}, {"login", none}, {"nickname", none},
		{"display_name", none}, {"product_name", none}, {"company_name", none}, {"file_name", none},
		{"filename", none}, {"hostname", none}, {"domain_name", none}, {"table_name", none},
		{"用户名", none}, {"nom_produit", none},
		// addresses
		{"address", addr}, {"street", addr}, {"addr", addr}, {"postcode", addr}, {"zip", addr},
		{"postal_code", addr}, {"PLZ", addr}, {"straße", addr}, {"Strasse", addr}, {"anschrift", addr},
		{"adresse", addr}, {"lieferadresse", addr}, {"地址", addr}, {"住址", addr}, {"收货地址", addr},
		{"dirección", addr}, {"indirizzo", addr}, {"adres", addr}, {"shipping_address", addr},
		{"address_line_1", addr}, {"address1", addr}, {"house_number", addr}, {"street_name", addr},
		{"address.city", addr}, {"shipping_address.zip", addr}, {"收货地址.城市", addr},
		{"customer.address.country", addr}, {"addresses[0].street", addr},
		{"address_verified", none}, {"mac_address", none}, {"wallet_address", none},
		// a town alone is a locality
		{"city", locality}, {"Ort", locality}, {"ville", locality}, {"城市", locality}, {"country", none},
		// dates of birth
		{"dob", birth}, {"DOB", birth}, {"birth", birth}, {"birthday", birth}, {"birth_date", birth},
		{"date_of_birth", birth}, {"dateOfBirth", birth}, {"Geburtsdatum", birth}, {"geburtstag", birth},
		{"出生日期", birth}, {"生日", birth}, {"date_de_naissance", birth}, {"fecha_de_nacimiento", birth},
		{"data_di_nascita", birth}, {"geboortedatum", birth},
		{"place_of_birth", none}, {"birthplace", none}, {"Geburtsort", none}, {"出生地", none},
		{"birth_name", name}, {"Geburtsname", name},
		// passwords
		{"password", password}, {"passwd", password}, {"pwd", password}, {"pass", password},
		{"password_hash", password}, {"pw_hash", password}, {"hashed_password", password},
		{"kennwort", password}, {"Passwort", password}, {"密码", password}, {"mot_de_passe", password},
		{"contraseña", password}, {"user_password", password}, {"password_md5", password},
		{"password_changed_at", none}, {"password_policy", none}, {"bypass", none},
		// e-mail and phone
		{"email", email}, {"e_mail", email}, {"E-Mail", email}, {"eMail", email}, {"mail", email},
		{"email_address", email}, {"EmailAddress", email}, {"E-Mail-Adresse", email}, {"adresse_email", email},
		{"邮箱", email}, {"电子邮件", email}, {"contact_email", email},
		{"phone", phone}, {"tel", phone}, {"telephone", phone}, {"mobile", phone}, {"cell", phone},
		{"handy", phone}, {"telefon", phone}, {"Mobiltelefon", phone}, {"手机", phone}, {"手机号", phone},
		{"电话", phone}, {"联系电话", phone}, {"téléphone", phone}, {"teléfono", phone},
		{"phone_number", phone}, {"mobile_no", phone}, {"phoneNumber", phone}, {"联系人电话", phone},
		{"phone_verified", none},
		// national IDs: a kind when exactly one format is named
		{"ssn", nid("us_ssn")}, {"SSN", nid("us_ssn")}, {"social_security_number", nid("us_ssn")},
		{"bsn", nid("nl_bsn")}, {"steuer_id", nid("de_tax_id")}, {"SteuerID", nid("de_tax_id")},
		{"nino", nid("uk_nino")}, {"national_insurance_number", nid("uk_nino")},
		{"personalausweisnummer", nid("de_id_card")}, {"codice_fiscale", nid("it_codice_fiscale")},
		{"dni", nid("es_dni")}, {"nif", nid("")}, {"id_card_no", nid("")}, {"身份证号", nid("")},
		{"national_id", nid("")},
		// other identifiers of people and things
		{"iban", iban}, {"IBAN", iban}, {"account_number", iban}, {"konto", iban},
		{"card_number", card}, {"cc_number", card}, {"credit_card", card}, {"kreditkarte", card},
		{"vin", vin}, {"VIN", vin}, {"chassis", vin}, {"车架号", vin},
		{"ip", ip}, {"ip_address", ip}, {"IPAddress", ip}, {"remote_addr", ip}, {"client_ip", ip},
		{"last_login_ip", ip}, {"ipv6", ip}, {"ip_country", none},
		{"api_key", secret}, {"apiKey", secret}, {"token", secret}, {"secret", secret}, {"access_key", secret},
		{"password_reset_token", secret},
		// our own numbers
		{"order_no", ident}, {"order_id", ident}, {"tracking", ident}, {"tracking_number", ident},
		{"invoice", ident}, {"sku", ident}, {"uuid", ident}, {"guid", ident}, {"transaction", ident},
		{"reference", ident}, {"id", ident}, {"customer_id", ident}, {"订单号", ident},
		// nothing
		{"note", none}, {"contact", none}, {"reg_date", none}, {"created_at", none}, {"status", none},
		{"", none}, {"...", none}, {"[0]", none},
	} {
		if got := ClassifyColumn(tc.column); got != tc.want {
			t.Errorf("ClassifyColumn(%q) = %+v, want %+v", tc.column, got, tc.want)
		}
	}
}

func BenchmarkClassifyColumn(b *testing.B) {
	cols := []string{"id", "first_name", "shipping_address.zip", "E-Mail-Adresse", "身份证号", "last_login_ip"}
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range cols {
			ClassifyColumn(c)
		}
	}
}
