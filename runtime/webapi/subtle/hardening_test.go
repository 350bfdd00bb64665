package subtle

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/pbkdf2"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"errors"
	"math/big"
	"runtime"
	"strings"
	"testing"
	"time"
)

// A key of the wrong kind for an operation is an InvalidAccessError, never
// a panic (a nil dereference off the loop goroutine would kill the process).
func TestWrongKeyKinds(t *testing.T) {
	ecPriv, ecPub, err := GenerateEC("P-256")
	if err != nil {
		t.Fatal(err)
	}
	edPriv, edPub, _ := GenerateOKP(FamilyEd25519)
	ed448Priv, _, _ := GenerateOKP(FamilyEd448)
	xPriv, xPub, _ := GenerateOKP(FamilyX25519)
	data := []byte("data")
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"RSASSA-PKCS1-v1_5 sign with an EC key", func() error {
			_, err := Sign(ecPriv, SignParams{Algorithm: "RSASSA-PKCS1-v1_5", Hash: "SHA-256"}, data)
			return err
		}, InvalidAccessError},
		{"RSA-PSS sign with an Ed25519 key", func() error {
			_, err := Sign(edPriv, SignParams{Algorithm: "RSA-PSS", Hash: "SHA-256"}, data)
			return err
		}, InvalidAccessError},
		{"ECDSA sign with an X25519 key", func() error {
			_, err := Sign(xPriv, SignParams{Algorithm: "ECDSA", Hash: "SHA-256"}, data)
			return err
		}, InvalidAccessError},
		{"Ed25519 sign with an Ed448 key", func() error {
			_, err := Sign(ed448Priv, SignParams{Algorithm: "Ed25519"}, data)
			return err
		}, InvalidAccessError},
		{"Ed448 sign with an Ed25519 key", func() error {
			_, err := Sign(edPriv, SignParams{Algorithm: "Ed448"}, data)
			return err
		}, InvalidAccessError},
		{"sign with a public key", func() error {
			_, err := Sign(ecPub, SignParams{Algorithm: "ECDSA", Hash: "SHA-256"}, data)
			return err
		}, InvalidAccessError},
		{"sign with a nil key", func() error {
			_, err := Sign(nil, SignParams{Algorithm: "ECDSA", Hash: "SHA-256"}, data)
			return err
		}, InvalidAccessError},
		{"sign with an unknown algorithm", func() error {
			_, err := Sign(ecPriv, SignParams{Algorithm: "HMAC"}, data)
			return err
		}, NotSupportedError},
		{"RSASSA-PKCS1-v1_5 verify with an EC key", func() error {
			_, err := Verify(ecPub, SignParams{Algorithm: "RSASSA-PKCS1-v1_5", Hash: "SHA-256"}, data, data)
			return err
		}, InvalidAccessError},
		{"Ed448 verify with an Ed25519 key", func() error {
			_, err := Verify(edPub, SignParams{Algorithm: "Ed448"}, data, data)
			return err
		}, InvalidAccessError},
		{"RSA-OAEP encrypt with an EC key", func() error {
			_, err := RSAOAEP(true, ecPub, "SHA-256", nil, data)
			return err
		}, InvalidAccessError},
		{"RSA-OAEP decrypt with an Ed25519 key", func() error {
			_, err := RSAOAEP(false, edPriv, "SHA-256", nil, data)
			return err
		}, InvalidAccessError},
		{"derive with Ed25519 keys", func() error {
			_, err := DeriveShared(edPriv, edPub)
			return err
		}, InvalidAccessError},
		{"derive with an X25519 private and EC public key", func() error {
			_, err := DeriveShared(xPriv, ecPub)
			return err
		}, InvalidAccessError},
		{"derive with two public keys", func() error {
			_, err := DeriveShared(xPub, xPub)
			return err
		}, InvalidAccessError},
		{"derive with nil keys", func() error {
			_, err := DeriveShared(nil, nil)
			return err
		}, InvalidAccessError},
		{"ModulusLength of an EC key", func() error {
			_, err := ecPub.ModulusLength()
			return err
		}, InvalidAccessError},
		{"PublicExponent of an OKP key", func() error {
			_, err := edPriv.PublicExponent()
			return err
		}, InvalidAccessError},
		{"ModulusLength of a nil key", func() error {
			_, err := (*Key)(nil).ModulusLength()
			return err
		}, InvalidAccessError},
		{"export of a nil key", func() error {
			_, err := (*Key)(nil).ExportJWK()
			return err
		}, InvalidAccessError},
		{"EC private scalar on an unknown curve", func() error {
			_, err := ecPrivateFromScalar("P-192", []byte{1})
			return err
		}, NotSupportedError},
		{"EC JWK on an unknown curve", func() error {
			_, err := ImportJWK(FamilyEC, "P-192", JWK{"crv": "P-192", "x": "AA", "y": "AA"})
			return err
		}, NotSupportedError},
		{"OKP import of an unknown family", func() error {
			_, err := ImportRaw("X9", "", nil)
			return err
		}, NotSupportedError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("panic: %v", r)
					}
				}()
				err = tt.run()
			}()
			if errName(err) != tt.want {
				t.Errorf("got %v, want %s", err, tt.want)
			}
		})
	}
	if coordSize("P-192") != 0 {
		t.Error("coordSize of an unknown curve is not 0")
	}
}

// The PBKDF2 loop agrees with the standard library's, for lengths that are
// and are not multiples of the hash size.
func TestPBKDF2MatchesStandardLibrary(t *testing.T) {
	for _, c := range []struct {
		hash       string
		iterations int
		length     int
	}{
		{"SHA-256", 1, 32}, {"SHA-256", 2, 33}, {"SHA-256", 5000, 100}, {"SHA-512", 3, 1}, {"SHA-512", 4097, 130},
	} {
		got, err := PBKDF2(context.Background(), c.hash, []byte("pw"), []byte("salt"), c.iterations, c.length)
		if err != nil {
			t.Fatal(err)
		}
		newHash := sha256.New
		if c.hash == "SHA-512" {
			newHash = sha512.New
		}
		want, _ := pbkdf2.Key(newHash, "pw", []byte("salt"), c.iterations, c.length)
		if !bytes.Equal(got, want) {
			t.Errorf("%+v: got %x, want %x", c, got, want)
		}
	}
}

// PBKDF2's cost is iterations times output blocks: long outputs count, it
// stops when its context ends, and work beyond the cap is refused.
func TestPBKDF2WorkBounds(t *testing.T) {
	if got := PBKDF2Work("SHA-256", 1000, 64*1024); got != 1000*2048 {
		t.Errorf("PBKDF2Work = %d, want %d", got, 1000*2048)
	}
	_, err := PBKDF2(context.Background(), "SHA-256", []byte("pw"), nil, 1<<20, 1<<20)
	if errName(err) != OperationError || !strings.Contains(err.Error(), "limit") {
		t.Errorf("over the cap: %v, want an OperationError naming the limit", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(20 * time.Millisecond)
		cancel()
	}()
	start := time.Now()
	_, err = PBKDF2(ctx, "SHA-512", []byte("pw"), nil, MaxPBKDF2Work, 64)
	if errName(err) != OperationError || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("cancelled derivation: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("cancellation took %v", d)
	}
}

// ctrReference is AES-CTR counted in the low length bits with math/big, one
// block at a time: the definition the cipher.NewCTR version must match.
func ctrReference(key, counter []byte, length int, data []byte) []byte {
	b, _ := aes.NewCipher(key)
	full := new(big.Int).SetBytes(counter)
	mod := new(big.Int).Lsh(big.NewInt(1), uint(length))
	low := new(big.Int).Mod(full, mod)
	high := new(big.Int).Sub(full, low)
	out := make([]byte, len(data))
	var block, ks [16]byte
	for i := 0; i < len(data); i += 16 {
		new(big.Int).Add(high, low).FillBytes(block[:])
		b.Encrypt(ks[:], block[:])
		end := min(i+16, len(data))
		for j := i; j < end; j++ {
			out[j] = data[j] ^ ks[j-i]
		}
		low.Add(low, big.NewInt(1))
		if low.Cmp(mod) == 0 {
			low.SetInt64(0)
		}
	}
	return out
}

func TestAESCTRMatchesReference(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	data := make([]byte, 16*9+5)
	for i := range data {
		data[i] = byte(i)
	}
	for _, c := range []struct {
		name    string
		counter string
		length  int
	}{
		{"no wrap", "000102030405060708090a0b0c0d0e0f", 64},
		{"wrap in the last byte", "a0a1a2a3a4a5a6a7a8a9aaabacadaefd", 8},
		{"wrap across 64 bits", "0123456789abcdeffffffffffffffffd", 64},
		{"wrap at 65 bits", "01234567890abcd1fffffffffffffffd", 65},
		{"wrap at 100 bits", "012345ffffffffffffffffffffffffff", 100},
		{"full 128-bit wrap", "fffffffffffffffffffffffffffffffe", 128},
		{"4-bit counter at its start", "ffffffffffffffffffffffffffffff00", 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			counter := unhex(t, c.counter)
			got, err := AESCTR(key, counter, c.length, data)
			if err != nil {
				t.Fatal(err)
			}
			if want := ctrReference(key, counter, c.length, data); !bytes.Equal(got, want) {
				t.Errorf("got  %x\nwant %x", got, want)
			}
		})
	}
}

// RSA keys above MaxRSABits are refused at import in every format.
func TestRSAImportSizeLimit(t *testing.T) {
	n := new(big.Int).Lsh(big.NewInt(1), MaxRSABits+7)
	n.Add(n, big.NewInt(1))
	spki, err := x509.MarshalPKIXPublicKey(&rsa.PublicKey{N: n, E: 65537})
	if err != nil {
		t.Fatal(err)
	}
	type pkcs1 struct {
		Version      int
		N            *big.Int
		E            int
		D, P, Q      *big.Int
		Dp, Dq, Qinv *big.Int
	}
	inner, _ := asn1.Marshal(pkcs1{N: n, E: 65537, D: big.NewInt(3), P: big.NewInt(5), Q: big.NewInt(7), Dp: big.NewInt(1), Dq: big.NewInt(1), Qinv: big.NewInt(1)})
	p8, err := asn1.Marshal(pkcs8Info{Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidRSA, Parameters: asn1.NullRawValue}, PrivateKey: inner})
	if err != nil {
		t.Fatal(err)
	}
	b := func(x *big.Int) string { return base64.RawURLEncoding.EncodeToString(x.Bytes()) }
	for _, c := range []struct {
		name string
		run  func() (*Key, error)
	}{
		{"spki", func() (*Key, error) { return ImportSPKI(FamilyRSA, "", spki) }},
		{"pkcs8", func() (*Key, error) { return ImportPKCS8(FamilyRSA, "", p8) }},
		{"jwk public", func() (*Key, error) { return ImportJWK(FamilyRSA, "", JWK{"n": b(n), "e": "AQAB"}) }},
		{"jwk private", func() (*Key, error) {
			return ImportJWK(FamilyRSA, "", JWK{"n": b(n), "e": "AQAB", "d": "Aw", "p": "BQ", "q": "Bw", "dp": "AQ", "dq": "AQ", "qi": "AQ"})
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.run()
			if errName(err) != DataError || !strings.Contains(err.Error(), "16384") {
				t.Errorf("got %v, want a DataError about the 16384-bit limit", err)
			}
		})
	}
}

// Acquire hands out GOMAXPROCS slots and then waits, until its context ends.
func TestAcquireBounded(t *testing.T) {
	var releases []func()
	for range runtime.GOMAXPROCS(0) {
		r, err := Acquire(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, r)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if _, err := Acquire(ctx); errName(err) != OperationError {
		t.Errorf("Acquire with every slot taken: %v, want OperationError once ctx ends", err)
	}
	releases[0]()
	r, err := Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	r()
	for _, r := range releases[1:] {
		r()
	}
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Error("context did not time out")
	}
}
