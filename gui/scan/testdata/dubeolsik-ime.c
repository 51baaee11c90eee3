/* Types each line of stdin through libhangul's 2-beolsik ("2") input
   context, as ibus-hangul and fcitx-hangul do: keys the context does not
   take (digits, space, punctuation) flush the preedit and pass through. */
#include <hangul.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <locale.h>

static void put(const ucschar *s) { for (; *s; s++) printf("%lc", (wint_t)*s); }

int main(void) {
	setlocale(LC_ALL, "C.UTF-8");
	HangulInputContext *ic = hangul_ic_new("2");
	char line[8192];
	while (fgets(line, sizeof line, stdin)) {
		for (char *p = line; *p && *p != '\n'; p++) {
			int taken = hangul_ic_process(ic, *p);
			put(hangul_ic_get_commit_string(ic));
			if (!taken) {
				put(hangul_ic_flush(ic));
				printf("%lc", (wint_t)(unsigned char)*p);
			}
		}
		put(hangul_ic_flush(ic));
		printf("\n");
	}
	hangul_ic_delete(ic);
	return 0;
}
