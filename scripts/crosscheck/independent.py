#!/usr/bin/env python3
"""An independent implementation of the venuepass wire format (FORMAT.md),
written from the spec alone: a hand-written CBOR encoder, Base45 and zlib from
the standard library, and signatures from Python's `cryptography`.

It writes into OUTDIR an anchor public key, a trust list signed by that anchor
and credentials signed by issuers on the list, plus cases.tsv naming the
outcome FORMAT.md requires for each at the time in NOW. The Go test
verifier/crosscheck_test.go runs it and checks venuepass agrees.

Usage: independent.py OUTDIR
"""
import hashlib
import os
import struct
import sys
import zlib

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

NOW = 1790000000

# --- CBOR (RFC 8949), core deterministic encoding ---------------------------


def head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for ai, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | ai]) + struct.pack(fmt, n)
    raise ValueError(n)


class Tag:
    def __init__(self, number, content):
        self.number, self.content = number, content


def enc(v):
    if isinstance(v, bool):
        return b"\xf5" if v else b"\xf4"
    if isinstance(v, int):
        return head(0, v) if v >= 0 else head(1, -1 - v)
    if isinstance(v, bytes):
        return head(2, len(v)) + v
    if isinstance(v, str):
        b = v.encode("utf-8")
        return head(3, len(b)) + b
    if isinstance(v, list):
        return head(4, len(v)) + b"".join(enc(x) for x in v)
    if isinstance(v, dict):
        # RFC 8949 section 4.2.1: keys sorted by their encoded bytes.
        items = sorted((enc(k), enc(x)) for k, x in v.items())
        return head(5, len(items)) + b"".join(k + x for k, x in items)
    if isinstance(v, Tag):
        return head(6, v.number) + enc(v.content)
    raise TypeError(type(v))


# --- Base45 (RFC 9285) -------------------------------------------------------

B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def b45(data):
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        out += [B45[n % 45], B45[n // 45 % 45], B45[n // 2025]]
    if len(data) % 2:
        n = data[-1]
        out += [B45[n % 45], B45[n // 45]]
    return "".join(out)


# --- keys, kid, COSE ----------------------------------------------------------


def spki(pub):
    return pub.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def kid(pub):
    return hashlib.sha256(spki(pub)).digest()[:8]


def cose_key(pub):
    if isinstance(pub, ed25519.Ed25519PublicKey):
        return {1: 1, -1: 6, -2: pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)}
    if isinstance(pub, ec.EllipticCurvePublicKey):
        size = (pub.curve.key_size + 7) // 8
        nums = pub.public_numbers()
        crv = {256: 1, 384: 2}[pub.curve.key_size]
        return {1: 2, -1: crv, -2: nums.x.to_bytes(size, "big"), -3: nums.y.to_bytes(size, "big")}
    if isinstance(pub, rsa.RSAPublicKey):
        nums = pub.public_numbers()
        n = nums.n.to_bytes((nums.n.bit_length() + 7) // 8, "big")
        e = nums.e.to_bytes((nums.e.bit_length() + 7) // 8, "big")
        return {1: 3, -1: n, -2: e}
    raise TypeError(pub)


def alg_of(priv):
    if isinstance(priv, ed25519.Ed25519PrivateKey):
        return -8
    if isinstance(priv, ec.EllipticCurvePrivateKey):
        return {256: -7, 384: -35}[priv.curve.key_size]
    return -37


def raw_sign(priv, alg, tbs):
    if alg == -8:
        return priv.sign(tbs)
    if alg in (-7, -35):
        h = hashes.SHA256() if alg == -7 else hashes.SHA384()
        r, s = decode_dss_signature(priv.sign(tbs, ec.ECDSA(h)))
        size = (priv.curve.key_size + 7) // 8
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")
    return priv.sign(tbs, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())


def sign1(priv, protected_map, payload, header_alg=None):
    alg = alg_of(priv)
    protected = enc(protected_map)
    tbs = enc(["Signature1", protected, b"", payload])
    sig = raw_sign(priv, alg, tbs)
    return enc(Tag(18, [protected, {}, payload, sig]))


def qr_text(prefix, cose, compress=False):
    body = cose
    if compress:
        z = zlib.compress(cose, 9)
        if len(z) < len(cose):
            body = z
    return prefix + b45(body)


def credential(priv, iss, typ, name, exp, iat, cti, extra=None, nbf=None, compress=False):
    body = {1: typ, 2: name}
    body.update(extra or {})
    claims = {1: iss, 2: "S-1", 4: exp, 6: iat, 7: cti, -65537: body}
    if nbf is not None:
        claims[5] = nbf
    alg = alg_of(priv)
    cose = sign1(priv, {1: alg, 4: kid(priv.public_key())}, enc(claims))
    return qr_text("VP1:", cose, compress)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    anchor = ec.generate_private_key(ec.SECP256R1())
    issuers = {
        "es256": ec.generate_private_key(ec.SECP256R1()),
        "eddsa": ed25519.Ed25519PrivateKey.generate(),
        "es384": ec.generate_private_key(ec.SECP384R1()),
        "ps256": rsa.generate_private_key(65537, 2048),
    }
    stranger = ed25519.Ed25519PrivateKey.generate()
    revoked_cti = os.urandom(12)
    entries = []
    for i, (name, priv) in enumerate(issuers.items()):
        pub = priv.public_key()
        entries.append({1: kid(pub), 2: cose_key(pub), 3: "iss-" + name, 4: "Issuer " + name.upper(),
                        5: [1, 2, 3, 4], 6: NOW - 86400 * 365, 7: NOW + 86400 * 365})
    payload = {1: 1, 2: 42, 3: NOW - 3600, 4: NOW + 86400, 5: NOW + 7 * 86400, 6: entries, 7: [revoked_cti]}
    protected = {1: -7, 3: "application/vp-trustlist+cbor", 4: kid(anchor.public_key())}
    with open(os.path.join(out, "trust.vptl"), "wb") as f:
        f.write(sign1(anchor, protected, enc(payload)))
    with open(os.path.join(out, "anchor.pub.pem"), "wb") as f:
        f.write(anchor.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))

    cases = []

    def case(name, want, text):
        with open(os.path.join(out, name + ".txt"), "w") as f:
            f.write(text + "\n")
        cases.append((name, want, name + ".txt"))

    extras = {1: {3: "ACME", 4: ["HQ"], 8: "Engineer", 9: "1042"}, 2: {5: "Season", 9: "M-7"},
              3: {6: "EV-2026", 7: "B-12", 4: ["NORTH"]}, 4: {8: "Forklift licence", 9: "L-99"}}
    for name, priv in issuers.items():
        for typ in (1, 2, 3, 4):
            case("accept_%s_type%d" % (name, typ), "accept",
                 credential(priv, "iss-" + name, typ, "Zoë Ångström 김민준", NOW + 3600, NOW - 60, os.urandom(16), extras[typ]))
    priv = issuers["es256"]
    case("accept_zlib", "accept", credential(priv, "iss-es256", 3, "A" * 40, NOW + 3600, NOW - 60, os.urandom(16),
                                             {3: "B" * 60}, compress=True))
    case("reject_expired", "expired", credential(priv, "iss-es256", 1, "X", NOW - 3600, NOW - 7200, os.urandom(16)))
    case("reject_not_yet_valid", "not_yet_valid", credential(priv, "iss-es256", 1, "X", NOW + 7200, NOW - 60, os.urandom(16), nbf=NOW + 3600))
    case("reject_revoked", "revoked", credential(priv, "iss-es256", 1, "X", NOW + 3600, NOW - 60, revoked_cti))
    case("reject_iss", "issuer_not_allowed", credential(priv, "iss-eddsa", 1, "X", NOW + 3600, NOW - 60, os.urandom(16)))
    case("reject_unknown_issuer", "unknown_issuer", credential(stranger, "iss-es256", 1, "X", NOW + 3600, NOW - 60, os.urandom(16)))
    good = credential(priv, "iss-es256", 1, "X", NOW + 3600, NOW - 60, os.urandom(16))
    case("reject_prefix", "malformed", "VP2:" + good[4:])
    with open(os.path.join(out, "cases.tsv"), "w") as f:
        for name, want, file in cases:
            f.write("%s\t%s\t%s\ttrust.vptl\n" % (name, want, file))


if __name__ == "__main__":
    main()
