package gui

// koreanIMENote is what the scanner chip says once a wedge scan arrived
// through the Korean input method in 한 mode. Such scans are mapped back to
// the keys the scanner pressed and verified (scan.KoreanIMECode); staff are
// told once so that they can switch the keyboard to 영 (English) mode.
func koreanIMENote() string { return tr().T("scanner.korean_ime") }

// noteKoreanIME tells staff, once, on the scanner chip of the status bar,
// that the last wedge scan came through the Korean input method.
func (k *kiosk) noteKoreanIME() {
	if !k.wedge.KoreanIME() || k.imeNoted {
		return
	}
	k.imeNoted = true
	k.st.scanner, k.st.scannerErr = koreanIMENote(), true
	k.refreshStatus()
}
