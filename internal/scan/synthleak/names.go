package synthleak

// Word lists the people and places of the leak are made of. Every name,
// street and company here is common or invented; the people they make up
// do not exist.

// hanzi is a Chinese name part with its pinyin, for e-mail addresses and
// user names.
type hanzi struct{ han, pinyin string }

var cnSurnames = []hanzi{
	{"王", "wang"}, {"李", "li"}, {"张", "zhang"}, {"刘", "liu"}, {"陈", "chen"}, {"杨", "yang"},
	{"黄", "huang"}, {"赵", "zhao"}, {"吴", "wu"}, {"周", "zhou"}, {"徐", "xu"}, {"孙", "sun"},
	{"马", "ma"}, {"朱", "zhu"}, {"胡", "hu"}, {"郭", "guo"}, {"何", "he"}, {"高", "gao"},
	{"林", "lin"}, {"罗", "luo"}, {"郑", "zheng"}, {"梁", "liang"}, {"谢", "xie"}, {"宋", "song"},
	{"唐", "tang"}, {"许", "xu"}, {"韩", "han"}, {"冯", "feng"}, {"邓", "deng"}, {"曹", "cao"},
	{"欧阳", "ouyang"}, {"司马", "sima"},
}

var cnGivenMale = []hanzi{
	{"伟", "wei"}, {"强", "qiang"}, {"磊", "lei"}, {"军", "jun"}, {"洋", "yang"}, {"勇", "yong"},
	{"杰", "jie"}, {"涛", "tao"}, {"明", "ming"}, {"超", "chao"}, {"刚", "gang"}, {"平", "ping"},
	{"浩然", "haoran"}, {"子轩", "zixuan"}, {"宇航", "yuhang"}, {"建国", "jianguo"}, {"志强", "zhiqiang"},
	{"俊杰", "junjie"}, {"文博", "wenbo"}, {"鹏", "peng"},
}

var cnGivenFemale = []hanzi{
	{"芳", "fang"}, {"娜", "na"}, {"秀英", "xiuying"}, {"敏", "min"}, {"静", "jing"}, {"丽", "li"},
	{"艳", "yan"}, {"娟", "juan"}, {"霞", "xia"}, {"秀兰", "xiulan"}, {"桂英", "guiying"}, {"婷", "ting"},
	{"雪", "xue"}, {"欣怡", "xinyi"}, {"梓涵", "zihan"}, {"雨萱", "yuxuan"}, {"佳怡", "jiayi"},
	{"慧", "hui"}, {"琳", "lin"}, {"晶", "jing"},
}

// cnMailDomains are the mail providers Chinese customers use, weighted by
// repetition.
var cnMailDomains = []string{
	"163.com", "163.com", "163.com", "qq.com", "qq.com", "126.com", "sina.com", "gmail.com",
	"outlook.com", "foxmail.com", "139.com", "yeah.net", "hotmail.com", "sohu.com",
}

// cnPlace is a district with its province and city and the first digits of
// its postcodes.
type cnPlace struct {
	province, city, district string
	postcode                 string // four leading digits; two more are drawn
	roads                    []string
}

var cnPlaces = []cnPlace{
	{"北京市", "北京市", "朝阳区", "1000", []string{"建国路", "朝阳路", "东三环中路", "望京街", "酒仙桥路"}},
	{"北京市", "北京市", "海淀区", "1000", []string{"中关村大街", "学院路", "知春路", "北四环西路"}},
	{"上海市", "上海市", "浦东新区", "2001", []string{"张江路", "世纪大道", "陆家嘴环路", "金桥路"}},
	{"上海市", "上海市", "徐汇区", "2000", []string{"漕溪北路", "淮海中路", "虹桥路", "天钥桥路"}},
	{"广东省", "深圳市", "南山区", "5180", []string{"深南大道", "科技园路", "后海大道", "南海大道"}},
	{"广东省", "广州市", "天河区", "5106", []string{"天河路", "体育西路", "珠江新城华夏路", "黄埔大道"}},
	{"浙江省", "杭州市", "西湖区", "3100", []string{"文三路", "天目山路", "古墩路", "西溪路"}},
	{"江苏省", "苏州市", "工业园区", "2150", []string{"星湖街", "现代大道", "金鸡湖大道"}},
	{"安徽省", "合肥市", "蜀山区", "2300", []string{"长江西路", "黄山路", "潜山路", "望江西路"}},
	{"四川省", "成都市", "武侯区", "6100", []string{"人民南路", "天府大道", "科华北路"}},
	{"湖北省", "武汉市", "武昌区", "4300", []string{"中南路", "武珞路", "中北路"}},
	{"天津市", "天津市", "和平区", "3000", []string{"南京路", "滨江道", "解放北路"}},
}

// cnIDRegions are county codes that start resident ID numbers: the first
// two digits name a province the validator knows.
var cnIDRegions = []string{
	"110105", "110108", "310115", "310104", "440305", "440106", "330106", "320508",
	"510107", "420106", "340104", "370202", "120101", "500103", "610113", "210102",
	"350203", "430104", "410105", "130102",
}

// cnPlatePrefixes start licence plates: province character and city letter.
var cnPlatePrefixes = []string{"京A", "京N", "沪A", "沪D", "粤B", "粤A", "浙A", "苏E", "皖A", "川A", "鄂A", "津A"}

var deFirstMale = []string{
	"Max", "Lukas", "Felix", "Jonas", "Paul", "Leon", "Tim", "Jan", "Niklas", "Moritz",
	"Stefan", "Thomas", "Michael", "Andreas", "Markus", "Florian", "Tobias", "Sebastian",
}

var deFirstFemale = []string{
	"Anna", "Lea", "Laura", "Julia", "Sophie", "Marie", "Lena", "Hannah", "Katharina", "Sarah",
	"Sabine", "Claudia", "Petra", "Nicole", "Stefanie", "Franziska", "Johanna", "Miriam",
}

var deLastNames = []string{
	"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
	"Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
	"Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann",
	"Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann",
}

// deStreets are street names of the kinds German address recognition
// knows: -straße, -weg, -allee, -platz, -ring.
var deStreets = []string{
	"Lindenstraße", "Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße", "Goethestraße",
	"Kastanienallee", "Marktplatz", "Bergstraße", "Mozartstraße", "Birkenweg", "Kirchstraße",
	"Parkallee", "Am Ring", "Rosenweg", "Friedrichstraße",
}

// deTown is a German town with a postcode of it.
type deTown struct{ postcode, town string }

var deTowns = []deTown{
	{"10115", "Berlin"}, {"10969", "Berlin"}, {"80331", "München"}, {"81669", "München"},
	{"20095", "Hamburg"}, {"50667", "Köln"}, {"60311", "Frankfurt am Main"}, {"70173", "Stuttgart"},
	{"40213", "Düsseldorf"}, {"04109", "Leipzig"}, {"01067", "Dresden"}, {"90402", "Nürnberg"},
	{"30159", "Hannover"}, {"28195", "Bremen"}, {"69117", "Heidelberg"}, {"79098", "Freiburg im Breisgau"},
}

var deMailDomains = []string{"web.de", "gmx.de", "gmail.com", "t-online.de", "outlook.de", "posteo.de"}

// euCountry is a European market with its mobile numbers and IBAN shape.
type euCountry struct {
	code        string // ISO 3166 alpha-2
	callingCode string
	mobile      []string // leading digits of mobile numbers after the calling code
	digits      int      // digits that follow them
	ibanLetters int      // letters at the start of the BBAN (a bank code)
	ibanDigits  int      // digits after them
	first, last []string
	mailDomains []string
}

var euCountries = []euCountry{
	{"DE", "49", []string{"151", "152", "157", "159", "176", "177", "178", "179"}, 8, 0, 18,
		nil, nil, deMailDomains},
	{"NL", "31", []string{"61", "62", "63", "64", "65"}, 7, 4, 10,
		[]string{"Daan", "Sem", "Lucas", "Emma", "Julia", "Sophie", "Tess"},
		[]string{"de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser"},
		[]string{"ziggo.nl", "kpnmail.nl", "gmail.com", "outlook.com"}},
	{"NO", "47", []string{"9"}, 7, 0, 11,
		[]string{"Jakob", "Emil", "Nora", "Ingrid", "Olav", "Sofie"},
		[]string{"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Berg"},
		[]string{"online.no", "gmail.com", "hotmail.no"}},
	{"DK", "45", []string{"2"}, 7, 0, 14,
		[]string{"William", "Noah", "Ida", "Freja", "Mads", "Clara"},
		[]string{"Nielsen", "Jensen", "Hansen", "Pedersen", "Kristensen"},
		[]string{"mail.dk", "gmail.com", "outlook.dk"}},
	{"SE", "46", []string{"70", "72", "73", "76"}, 7, 0, 20,
		[]string{"Elias", "Hugo", "Alice", "Maja", "Oscar", "Ebba"},
		[]string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson"},
		[]string{"telia.com", "gmail.com", "outlook.com"}},
}

// deDepartments and deSites fill the staff list's other columns.
var deDepartments = []string{"Vertrieb", "Service", "Marketing", "IT", "Finanzen", "Personal", "Logistik"}
var deSites = []string{"München", "Berlin", "Frankfurt am Main", "Hamburg", "Düsseldorf"}

// newsDomains are the mail domains of the journalists who wrote in.
var newsDomains = []string{"zeitung-synth.de", "autonews-synth.com", "tech-daily-synth.net"}
