package subtle

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func errName(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Name
	}
	if err != nil {
		return "other: " + err.Error()
	}
	return ""
}

// Known-answer tests from the RFCs that define each primitive.
func TestKnownAnswers(t *testing.T) {
	tests := []struct {
		name string
		run  func() ([]byte, error)
		want string
	}{
		{"AES-KW RFC 3394 4.1", func() ([]byte, error) {
			return AESKWWrap(unhex(t, "000102030405060708090A0B0C0D0E0F"), unhex(t, "00112233445566778899AABBCCDDEEFF"))
		}, "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5"},
		{"PBKDF2 RFC 6070 #1", func() ([]byte, error) {
			return PBKDF2(context.Background(), "SHA-1", []byte("password"), []byte("salt"), 1, 20)
		}, "0c60c80f961f0e71f3a9b524af6012062fe037a6"},
		{"HKDF RFC 5869 A.1", func() ([]byte, error) {
			return HKDF("SHA-256", bytes.Repeat([]byte{0x0b}, 22), unhex(t, "000102030405060708090a0b0c"), unhex(t, "f0f1f2f3f4f5f6f7f8f9"), 42)
		}, "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"},
		{"X448 RFC 7748 5.2", func() ([]byte, error) {
			return x448(unhex(t, "3d262fddf9ec8e88495266fea19a34d28882acef045104d0d1aae121700a779c984c24f8cdd78fbff44943eba368f54b29259a4f1c600ad3"),
				unhex(t, "06fce640fa3487bfda5f6cf2d5263f8aad88334cbd07437f020f08f9814dc031ddbdc38c19c6da2583fa5429db94ada18aa7a7fb4ef8a086")), nil
		}, "ce3e4ff95a60dc6697da1db1d85e6afbdf79b50a2412d7546d5f239fe14fbaadeb445fc66a01b0779d98223961111e21766282f73dd96b6f"},
		{"Ed448 RFC 8032 7.4 blank: public", func() ([]byte, error) {
			return ed448Public(unhex(t, "6c82a562cb808d10d632be89c8513ebf6c929f34ddfa8c9f63c9960ef6e348a3528c8a3fcc2f044e39a3fc5b94492f8f032e7549a20098f95b")), nil
		}, "5fd7449b59b461fd2ce787ec616ad46a1da1342485a70e1f8a0ea75d80e96778edf124769b46c7061bd6783df1e50f6cd1fa1abeafe8256180"},
		{"Ed448 RFC 8032 7.4 blank: signature", func() ([]byte, error) {
			return ed448Sign(unhex(t, "6c82a562cb808d10d632be89c8513ebf6c929f34ddfa8c9f63c9960ef6e348a3528c8a3fcc2f044e39a3fc5b94492f8f032e7549a20098f95b"), nil), nil
		}, "533a37f6bbe457251f023c0d88f976ae2dfb504a843e34d2074fd823d41a591f2b233f034f628281f2fd7a22ddd47d7828c59bd0a21bfd3980ff0d2028d4b18a9df63e006c5d1c2d345b925d8dc00b4104852db99ac5c7cdda8530a113a0f4dbb61149f05a7363268c71d95808ff2e652600"},
		{"SHA-256 digest", func() ([]byte, error) { return Digest("SHA-256", []byte("abc")) },
			"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.run()
			if err != nil {
				t.Fatal(err)
			}
			if hex.EncodeToString(got) != tt.want {
				t.Errorf("got %x\nwant %s", got, tt.want)
			}
		})
	}
}

func TestAESKWUnwrap(t *testing.T) {
	kek := unhex(t, "000102030405060708090A0B0C0D0E0F")
	wrapped := unhex(t, "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5")
	got, err := AESKWUnwrap(kek, wrapped)
	if err != nil || hex.EncodeToString(got) != "00112233445566778899aabbccddeeff" {
		t.Fatalf("unwrap: %x, %v", got, err)
	}
	wrapped[3] ^= 1
	if _, err := AESKWUnwrap(kek, wrapped); errName(err) != OperationError {
		t.Errorf("tampered unwrap: %v, want OperationError", err)
	}
	for _, n := range []int{0, 8, 17} {
		if _, err := AESKWWrap(kek, make([]byte, n)); errName(err) != OperationError {
			t.Errorf("wrap of %d bytes: %v, want OperationError", n, err)
		}
	}
}

// AES-CTR increments only the low `length` bits of the counter block.
func TestAESCTRCounterWraps(t *testing.T) {
	key := make([]byte, 16)
	counter := unhex(t, "ffffffffffffffffffffffffffffff03") // low 2 bits = 3
	data := make([]byte, 4*16)
	got, err := AESCTR(key, counter, 2, data)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := aes.NewCipher(key)
	for i, low := range []byte{3, 0, 1, 2} {
		block := append([]byte(nil), counter...)
		block[15] = counter[15]&^3 | low
		want := make([]byte, 16)
		b.Encrypt(want, block)
		if !bytes.Equal(got[i*16:i*16+16], want) {
			t.Errorf("block %d: got %x, want %x", i, got[i*16:i*16+16], want)
		}
	}
	if _, err := AESCTR(key, counter, 2, make([]byte, 5*16)); errName(err) != OperationError {
		t.Errorf("5 blocks with a 2-bit counter: %v, want OperationError", err)
	}
	back, err := AESCTR(key, counter, 2, got)
	if err != nil || !bytes.Equal(back, data) {
		t.Errorf("decrypt: %x, %v", back, err)
	}
}

func TestAESGCMTagLengths(t *testing.T) {
	key, iv, aad := make([]byte, 16), make([]byte, 12), []byte("aad")
	full, err := AESGCM(true, key, iv, aad, 128, []byte("hello"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bits := range []int{32, 64, 96, 104, 112, 120, 128} {
		ct, err := AESGCM(true, key, iv, aad, bits, []byte("hello"))
		if err != nil {
			t.Fatalf("%d: %v", bits, err)
		}
		if !bytes.Equal(ct, full[:5+bits/8]) {
			t.Errorf("%d-bit tag is not a prefix of the full tag", bits)
		}
		pt, err := AESGCM(false, key, iv, aad, bits, ct)
		if err != nil || string(pt) != "hello" {
			t.Errorf("%d: decrypt %q, %v", bits, pt, err)
		}
		ct[len(ct)-1] ^= 1
		if _, err := AESGCM(false, key, iv, aad, bits, ct); errName(err) != OperationError {
			t.Errorf("%d: tampered tag: %v, want OperationError", bits, err)
		}
	}
	if _, err := AESGCM(true, key, iv, aad, 40, nil); errName(err) != OperationError {
		t.Errorf("40-bit tag: %v, want OperationError", err)
	}
}

func TestAESCBCPadding(t *testing.T) {
	key, iv := make([]byte, 32), make([]byte, 16)
	for _, n := range []int{0, 1, 15, 16, 17} {
		ct, err := AESCBC(true, key, iv, bytes.Repeat([]byte{7}, n))
		if err != nil || len(ct) != (n/16+1)*16 {
			t.Fatalf("%d: %d bytes, %v", n, len(ct), err)
		}
		pt, err := AESCBC(false, key, iv, ct)
		if err != nil || len(pt) != n {
			t.Errorf("%d: decrypt %d bytes, %v", n, len(pt), err)
		}
	}
	if _, err := AESCBC(false, key, iv, make([]byte, 16)); errName(err) != OperationError {
		t.Errorf("bad padding: %v, want OperationError", err)
	}
}

// A zero RSA-PSS salt length means "no salt" in Web Crypto (Go's own API
// reads zero as "automatic").
func TestRSAPSSSaltLengths(t *testing.T) {
	priv, pub, err := GenerateRSA(1024, []byte{1, 0, 1})
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("message")
	digest := sha256.Sum256(data)
	for _, salt := range []int{0, 20, 32} {
		p := SignParams{Algorithm: "RSA-PSS", Hash: "SHA-256", SaltLength: salt}
		sig, err := Sign(priv, p, data)
		if err != nil {
			t.Fatalf("salt %d: %v", salt, err)
		}
		if ok, _ := Verify(pub, p, sig, data); !ok {
			t.Errorf("salt %d: does not verify", salt)
		}
		if err := rsa.VerifyPSS(pub.rsaPub, 5 /* SHA-256 */, digest[:], sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto}); err != nil {
			t.Errorf("salt %d: Go's verifier rejects it: %v", salt, err)
		}
		p.SaltLength = salt + 1
		if ok, _ := Verify(pub, p, sig, data); ok {
			t.Errorf("salt %d: verifies with salt length %d", salt, salt+1)
		}
	}
	if _, err := Sign(priv, SignParams{Algorithm: "RSA-PSS", Hash: "SHA-256", SaltLength: 1000}, data); errName(err) != OperationError {
		t.Errorf("huge salt: %v, want OperationError", err)
	}
}

func TestGenerateExportImportRoundTrip(t *testing.T) {
	type gen func() (*Key, *Key, error)
	cases := []struct {
		family, curve string
		gen           gen
		sign          string
	}{
		{FamilyEC, "P-256", func() (*Key, *Key, error) { return GenerateEC("P-256") }, "ECDSA"},
		{FamilyEC, "P-521", func() (*Key, *Key, error) { return GenerateEC("P-521") }, "ECDSA"},
		{FamilyEd25519, "", func() (*Key, *Key, error) { return GenerateOKP(FamilyEd25519) }, "Ed25519"},
		{FamilyEd448, "", func() (*Key, *Key, error) { return GenerateOKP(FamilyEd448) }, "Ed448"},
		{FamilyX25519, "", func() (*Key, *Key, error) { return GenerateOKP(FamilyX25519) }, ""},
		{FamilyX448, "", func() (*Key, *Key, error) { return GenerateOKP(FamilyX448) }, ""},
		{FamilyRSA, "", func() (*Key, *Key, error) { return GenerateRSA(1024, []byte{1, 0, 1}) }, "RSASSA-PKCS1-v1_5"},
	}
	for _, c := range cases {
		t.Run(c.family+c.curve, func(t *testing.T) {
			priv, pub, err := c.gen()
			if err != nil {
				t.Fatal(err)
			}
			spki, err := pub.ExportSPKI()
			if err != nil {
				t.Fatal(err)
			}
			pkcs8, err := priv.ExportPKCS8()
			if err != nil {
				t.Fatal(err)
			}
			jwkPriv, err := priv.ExportJWK()
			if err != nil {
				t.Fatal(err)
			}
			pub2, err := ImportSPKI(c.family, c.curve, spki)
			if err != nil {
				t.Fatal("spki:", err)
			}
			priv2, err := ImportPKCS8(c.family, c.curve, pkcs8)
			if err != nil {
				t.Fatal("pkcs8:", err)
			}
			priv3, err := ImportJWK(c.family, c.curve, jwkPriv)
			if err != nil {
				t.Fatal("jwk:", err)
			}
			if again, _ := pub2.ExportSPKI(); !bytes.Equal(again, spki) {
				t.Error("spki does not round-trip")
			}
			if again, _ := priv3.ExportPKCS8(); !bytes.Equal(again, pkcs8) {
				t.Error("pkcs8 via jwk does not round-trip")
			}
			if c.family != FamilyRSA {
				raw, err := pub.ExportRaw()
				if err != nil {
					t.Fatal(err)
				}
				if _, err := ImportRaw(c.family, c.curve, raw); err != nil {
					t.Error("raw:", err)
				}
				if _, err := priv.ExportRaw(); errName(err) != InvalidAccessError {
					t.Errorf("raw export of a private key: %v", err)
				}
			}
			if c.sign != "" {
				p := SignParams{Algorithm: c.sign, Hash: "SHA-256"}
				sig, err := Sign(priv2, p, []byte("x"))
				if err != nil {
					t.Fatal(err)
				}
				if ok, _ := Verify(pub2, p, sig, []byte("x")); !ok {
					t.Error("signature from the imported key does not verify")
				}
				if ok, _ := Verify(pub2, p, sig, []byte("y")); ok {
					t.Error("signature verifies for other data")
				}
			} else {
				_, other, _ := GenerateOKP(c.family)
				s1, err1 := DeriveShared(priv2, other)
				if err1 != nil || len(s1) == 0 {
					t.Errorf("derive: %v", err1)
				}
			}
		})
	}
}

func TestImportFailures(t *testing.T) {
	_, ecPub, _ := GenerateEC("P-256")
	spki256, _ := ecPub.ExportSPKI()
	raw256, _ := ecPub.ExportRaw()
	_, edPub, _ := GenerateOKP(FamilyEd25519)
	edSPKI, _ := edPub.ExportSPKI()
	edJWK, _ := edPub.ExportJWK()
	edPriv, _, _ := GenerateOKP(FamilyEd25519)
	mismatched, _ := edPriv.ExportJWK()
	mismatched["x"] = edJWK["x"]
	tests := []struct {
		name string
		run  func() (*Key, error)
		want string
	}{
		{"spki curve mismatch", func() (*Key, error) { return ImportSPKI(FamilyEC, "P-384", spki256) }, DataError},
		{"spki trailing byte", func() (*Key, error) { return ImportSPKI(FamilyEC, "P-256", append(spki256, 0)) }, DataError},
		{"spki of another family", func() (*Key, error) { return ImportSPKI(FamilyX25519, "", edSPKI) }, DataError},
		{"raw point off the curve", func() (*Key, error) {
			bad := append([]byte(nil), raw256...)
			bad[40] ^= 1
			return ImportRaw(FamilyEC, "P-256", bad)
		}, DataError},
		{"raw OKP wrong length", func() (*Key, error) { return ImportRaw(FamilyEd25519, "", make([]byte, 31)) }, DataError},
		{"jwk bad base64", func() (*Key, error) { return ImportJWK(FamilyEd25519, "", JWK{"crv": "Ed25519", "x": "!!"}) }, DataError},
		{"jwk crv mismatch", func() (*Key, error) { return ImportJWK(FamilyEd25519, "", JWK{"crv": "X25519", "x": edJWK["x"]}) }, DataError},
		{"jwk key pair mismatch", func() (*Key, error) { return ImportJWK(FamilyEd25519, "", mismatched) }, DataError},
		{"jwk RSA missing primes", func() (*Key, error) {
			return ImportJWK(FamilyRSA, "", JWK{"n": "AQAB", "e": "AQAB", "d": "AQAB"})
		}, DataError},
		{"pkcs8 garbage", func() (*Key, error) { return ImportPKCS8(FamilyRSA, "", []byte{1, 2, 3}) }, DataError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.run(); errName(err) != tt.want {
				t.Errorf("got %v, want %s", err, tt.want)
			}
		})
	}
}

func TestECCompressedPoint(t *testing.T) {
	_, pub, _ := GenerateEC("P-384")
	raw, _ := pub.ExportRaw()
	n := (len(raw) - 1) / 2
	compressed := append([]byte{2 | raw[len(raw)-1]&1}, raw[1:1+n]...)
	k, err := ImportRaw(FamilyEC, "P-384", compressed)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := k.ExportRaw(); !bytes.Equal(got, raw) {
		t.Error("compressed point decodes to another point")
	}
}

func TestDeriveSharedAgrees(t *testing.T) {
	for _, fam := range []string{FamilyX25519, FamilyX448} {
		a, aPub, _ := GenerateOKP(fam)
		b, bPub, _ := GenerateOKP(fam)
		s1, err1 := DeriveShared(a, bPub)
		s2, err2 := DeriveShared(b, aPub)
		if err1 != nil || err2 != nil || !bytes.Equal(s1, s2) {
			t.Errorf("%s: %x (%v) != %x (%v)", fam, s1, err1, s2, err2)
		}
	}
	a, _, _ := GenerateEC("P-256")
	_, other, _ := GenerateEC("P-384")
	if _, err := DeriveShared(a, other); errName(err) != InvalidAccessError {
		t.Errorf("curve mismatch: %v", err)
	}
	zero := &Key{family: FamilyX448, okpPub: make([]byte, 56)}
	x, _, _ := GenerateOKP(FamilyX448)
	if _, err := DeriveShared(x, zero); errName(err) != OperationError {
		t.Errorf("X448 with the zero point: %v, want OperationError", err)
	}
}

func TestEd25519SmallOrder(t *testing.T) {
	identity := make([]byte, 32)
	identity[0] = 1
	base := bytes.Repeat([]byte{0x66}, 32)
	base[0] = 0x58
	nonCanonicalIdentity := unhex(t, "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f") // p+1
	order4 := unhex(t, "0000000000000000000000000000000000000000000000000000000000000000")               // (x, 0): order 4
	for _, c := range []struct {
		name string
		enc  []byte
		want bool
	}{
		{"identity", identity, true},
		{"identity, non-canonical y", nonCanonicalIdentity, true},
		{"point of order 4", order4, true},
		{"base point", base, false},
	} {
		if got := ed25519SmallOrder(c.enc); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
	priv, pub, _ := GenerateOKP(FamilyEd25519)
	p := SignParams{Algorithm: "Ed25519"}
	sig, _ := Sign(priv, p, []byte("m"))
	if ok, _ := Verify(pub, p, sig, []byte("m")); !ok {
		t.Error("a normal signature does not verify")
	}
	small := &Key{family: FamilyEd25519, okpPub: identity}
	if ok, _ := Verify(small, p, append(identity, make([]byte, 32)...), []byte("m")); ok {
		t.Error("the identity key with the identity signature verifies")
	}
}
