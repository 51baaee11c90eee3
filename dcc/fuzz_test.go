package dcc

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"testing"
	"time"
)

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// fuzzSeeds returns the PREFIX of every dgc-testdata case under dir.
func fuzzSeeds(dir string) []string {
	files, _ := findCases(dir)
	var seeds []string
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		var c struct{ PREFIX string }
		if json.Unmarshal(data, &c) == nil && c.PREFIX != "" {
			seeds = append(seeds, c.PREFIX)
		}
	}
	return seeds
}

// FuzzDecode feeds Decode arbitrary text, seeded with the PREFIX of every
// dgc-testdata case: those of DGC_TESTDATA when it is set and holds cases,
// else those of the copy committed in ../testdata/dgc. No seed at all fails
// the test: the fuzzer would run on two strings alone. Decode must not
// panic, and what it accepts must survive Verify and Validate.
func FuzzDecode(f *testing.F) {
	var seeds []string
	if dir := os.Getenv("DGC_TESTDATA"); dir != "" {
		if seeds = fuzzSeeds(dir); len(seeds) == 0 {
			f.Logf("DGC_TESTDATA=%s holds no cases; seeding from the committed copy %s", dir, defaultDGCTestdata)
		}
	}
	if len(seeds) == 0 {
		seeds = fuzzSeeds(defaultDGCTestdata)
	}
	if len(seeds) == 0 {
		f.Fatalf("no dgc-testdata seeds: %s holds no <country>/.../2DCode/raw/*.json case", defaultDGCTestdata)
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Add("HC1:")
	f.Add("HC1:6BF+70790T9WJWG.FKY*4GO0.O1CV2 O5 N2FBBRW1*70HS8WY04AC*WIFN0AHCD8KD97TK0F90KECTHGWJC0FDC:5AIA%G7X+AQB9746HS80:54IBQF60R6$A80X6S1BTYACG6M+9XG8KIAWNA91AY%67092L4WJCT3EHS8XJC$+DXJCCWENF6OF63W5NW6WF6%JC QE/IAYJC5LEW34U3ET7DXC9 QE-ED8%E.JCBECB1A-:8$96646AL60A60S6Q$D.UDRYA 96NF6L/5QW6307KQEPD09WEQDD+Q6TW6FA7C466KCN9E%961A6DL6FA7D46JPCT3E5JDLA7$Q6E464W5TG6..DX%DZJC6/DTZ9 QE5$CB$DA/D JC1/D3Z8WED1ECW.CCWE.Y92OAGY8MY9L+9MPCG/D5 C5IA5N9$PC5$CUZCY$5Y$527B+A4KZNQG5TKOWWD9FL%I8U$F7O2IBM85CWOC%LEZU4R/BXHDAHN 11$CA5MRI:AONFN7091K9FKIGIY%VWSSSU9%01FO2*FTPQ3C3F")
	certs := Certs{}
	f.Fuzz(func(t *testing.T, text string) {
		u, err := Decode(text)
		if err != nil {
			if u != nil {
				t.Fatal("Decode returned a value with an error")
			}
			return
		}
		if u.Kid() == nil {
			t.Fatal("decoded without a kid")
		}
		u.claims.hc.Validate()
		u.claims.hc.Warnings()
		if c, err := u.Verify(certs, time.Now(), 0); err == nil || c != nil {
			t.Fatal("verified against no certificates")
		}
	})
}
