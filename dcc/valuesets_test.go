package dcc

import (
	"strings"

	"fmt"
)

// Value sets for the conformance runner's schema step. The dgc-testdata
// cases expect a schema failure for codes outside the EU value sets (PL 7, 8
// and 9: test device "9999", country "XY", vaccine authorisation holder
// "ORG-99999999"), so the runner checks membership for the three value sets
// those fields use. Codes from ehn-dcc-development/eu-dcc-valuesets
// (country-2-codes 2019-11-01, vaccine-mah-manf 2022-01-26, test-manf
// 2021-06-30), Apache License 2.0. Production code does not use these lists:
// value sets change, and belong to a verifier's configuration.

func setOf(fields string) map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Fields(fields) {
		m[f] = true
	}
	return m
}

var countryCodes = setOf(`
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
NA NC NE NF NG NI NL NO NP NR NU NZ OM
PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ
VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK`)

var vaccineMAH = setOf(`
ORG-100001699 ORG-100030215 ORG-100001417 ORG-100031184 ORG-100006270
ORG-100013793 ORG-100020693 ORG-100010771 ORG-100024420 ORG-100032020
Gamaleya-Research-Institute Vector-Institute Sinovac-Biotech Bharat-Biotech
ORG-100001981 Fiocruz ORG-100007893 Chumakov-Federal-Scientific-Center
ORG-100023050 CIGB Sinopharm-WIBP ORG-100033914 ORG-100000788 ORG-100036422
Instituto-Butantan NVSI Yisheng-Biopharma ORG-100026614 ORG-100008549
Finlay-Institute`)

var testDevices = setOf(`
1833 1232 1468 2108 2130 1304 1822 1815 1736 768 1654 2010 2101 1906 1065
1870 1331 1484 1242 1223 1236 1173 1919 1225 1375 1244 1253 2183 1144 1747
1360 1437 1257 1363 1365 1844 1215 2139 1392 1767 1263 1333 1764 1266 2128
1267 1268 1180 2029 1190 1481 2104 1162 1420 1501 1199 308 2116 1271 1341
1097 1606 1604 1489 1490 1201 344 345 1319 2109 2017 1769 1574 1218 1114
1466 1934 2074 1443 2103 2098 1763 1278 1456 1884 1296 1295 1343`)

// checkValueSets reports the first country, vaccine authorisation holder or
// test device code outside its value set. Empty codes are left to the
// schema (an NAA test has no device).
func checkValueSets(h *HealthCertificate) error {
	for _, v := range h.Vaccinations {
		if !countryCodes[v.Country] {
			return fmt.Errorf("v.co %q is not in country-2-codes", v.Country)
		}
		if !vaccineMAH[v.Manufacturer] {
			return fmt.Errorf("v.ma %q is not in vaccine-mah-manf", v.Manufacturer)
		}
	}
	for _, t := range h.Tests {
		if !countryCodes[t.Country] {
			return fmt.Errorf("t.co %q is not in country-2-codes", t.Country)
		}
		if t.Device != "" && !testDevices[t.Device] {
			return fmt.Errorf("t.ma %q is not in test-manf", t.Device)
		}
	}
	for _, r := range h.Recoveries {
		if !countryCodes[r.Country] {
			return fmt.Errorf("r.co %q is not in country-2-codes", r.Country)
		}
	}
	return nil
}
