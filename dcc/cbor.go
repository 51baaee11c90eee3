package dcc

import "github.com/venuepass/venuepass/internal/cborx"

// unmarshal decodes one untrusted CBOR data item into v with the DCC mode of
// internal/cborx: the strict limits, duplicate keys and UTF-8 rules of
// FORMAT.md section 1, relaxed only as EU DCCs in the wild need (indefinite
// lengths; the date/time tags 0 and 1, as the hcert schema lets issuers tag
// the test sample time). Signatures are checked over the bytes as received.
func unmarshal(data []byte, v any) error {
	if err := cborx.UnmarshalDCC(data, v); err != nil {
		return malformed("CBOR: %v", err)
	}
	return nil
}
