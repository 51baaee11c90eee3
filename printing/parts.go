package printing

import "os"

// PartPaths are the files WriteParts creates for n items with perFile and
// opt (PartPath of each part; at least the one file), so that a caller can
// check them all before anything is written.
func PartPaths(out string, n, perFile int, opt *Options) []string {
	parts := Parts(n, perFile, opt)
	paths := make([]string, parts)
	for i := range paths {
		paths[i] = PartPath(out, i, parts)
	}
	return paths
}

// LangFromEnv is the language of printed labels for the user's locale: the
// first of $LC_ALL, $LC_MESSAGES and $LANG that is set, when labels exist
// in its language (ParseLang), else English.
func LangFromEnv() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := os.Getenv(v); l != "" {
			if lang, err := ParseLang(l); err == nil {
				return lang
			}
			break
		}
	}
	return "en"
}
