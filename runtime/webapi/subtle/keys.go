package subtle

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"math/big"
	"strings"
)

// Key families: the kinds of asymmetric key material a Key holds.
const (
	FamilyRSA     = "RSA"
	FamilyEC      = "EC"
	FamilyEd25519 = "Ed25519"
	FamilyX25519  = "X25519"
	FamilyEd448   = "Ed448"
	FamilyX448    = "X448"
)

// Key is asymmetric key material (secret keys are plain bytes): an RSA, EC
// (NIST curve) or OKP (Ed25519, X25519, Ed448, X448) public or private key.
// A Key never changes after creation, so it may be shared across goroutines.
type Key struct {
	family  string
	private bool
	curve   string // EC keys: P-256, P-384 or P-521

	rsaPriv *rsa.PrivateKey
	rsaPub  *rsa.PublicKey
	ecPriv  *ecdsa.PrivateKey
	ecPub   *ecdsa.PublicKey
	okpPub  []byte // OKP public key bytes
	okpPriv []byte // OKP private key bytes (the RFC 8032 seed or RFC 7748 scalar)
}

// MaxRSABits is the largest RSA modulus, in bits, that keys may have
// (generated or imported), as in Node.
const MaxRSABits = 16384

// Family is the key's family (FamilyRSA, FamilyEC, ...); "" for a nil key.
func (k *Key) Family() string {
	if k == nil {
		return ""
	}
	return k.family
}

// Private reports whether k is a private key.
func (k *Key) Private() bool { return k != nil && k.private }

// Curve is an EC key's named curve ("" for other keys).
func (k *Key) Curve() string {
	if k == nil {
		return ""
	}
	return k.curve
}

// ModulusLength is an RSA key's modulus size in bits; other keys give an
// InvalidAccessError.
func (k *Key) ModulusLength() (int, error) {
	if err := k.check(FamilyRSA, k.Private()); err != nil {
		return 0, err
	}
	return k.rsaPub.N.BitLen(), nil
}

// PublicExponent is an RSA key's public exponent, big-endian; other keys
// give an InvalidAccessError.
func (k *Key) PublicExponent() ([]byte, error) {
	if err := k.check(FamilyRSA, k.Private()); err != nil {
		return nil, err
	}
	return big.NewInt(int64(k.rsaPub.E)).Bytes(), nil
}

// check returns an InvalidAccessError unless k is a key of family, private
// or public as asked, with the material that kind of key holds.
func (k *Key) check(family string, private bool) error {
	if k == nil || k.family != family || k.private != private {
		return wrongKey()
	}
	ok := false
	switch family {
	case FamilyRSA:
		ok = k.rsaPub != nil && k.rsaPub.N != nil && (!private || k.rsaPriv != nil)
	case FamilyEC:
		ok = curveOf(k.curve) != nil && k.ecPub != nil && (!private || k.ecPriv != nil)
	default:
		pub, priv := okpSizes(family)
		ok = pub != 0 && len(k.okpPub) == pub && (!private || len(k.okpPriv) == priv)
	}
	if !ok {
		return wrongKey()
	}
	return nil
}

// valid is check for whatever kind k claims to be.
func (k *Key) valid() error {
	if k == nil {
		return wrongKey()
	}
	return k.check(k.family, k.private)
}

func wrongKey() error {
	return errorf(InvalidAccessError, "The requested operation is not valid for the provided key")
}

var (
	oidRSA     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidEC      = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidP256    = asn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7}
	oidP384    = asn1.ObjectIdentifier{1, 3, 132, 0, 34}
	oidP521    = asn1.ObjectIdentifier{1, 3, 132, 0, 35}
	oidX25519  = asn1.ObjectIdentifier{1, 3, 101, 110}
	oidX448    = asn1.ObjectIdentifier{1, 3, 101, 111}
	oidEd25519 = asn1.ObjectIdentifier{1, 3, 101, 112}
	oidEd448   = asn1.ObjectIdentifier{1, 3, 101, 113}
)

func okpOID(family string) asn1.ObjectIdentifier {
	switch family {
	case FamilyX25519:
		return oidX25519
	case FamilyX448:
		return oidX448
	case FamilyEd25519:
		return oidEd25519
	case FamilyEd448:
		return oidEd448
	}
	return nil
}

// okpSizes gives the public and private key sizes of an OKP family.
func okpSizes(family string) (pub, priv int) {
	switch family {
	case FamilyEd25519, FamilyX25519:
		return 32, 32
	case FamilyX448:
		return 56, 56
	case FamilyEd448:
		return 57, 57
	}
	return 0, 0
}

func curveOf(name string) elliptic.Curve {
	switch name {
	case "P-256":
		return elliptic.P256()
	case "P-384":
		return elliptic.P384()
	case "P-521":
		return elliptic.P521()
	}
	return nil
}

func curveOID(name string) asn1.ObjectIdentifier {
	switch name {
	case "P-256":
		return oidP256
	case "P-384":
		return oidP384
	case "P-521":
		return oidP521
	}
	return nil
}

func curveByOID(oid asn1.ObjectIdentifier) string {
	switch {
	case oid.Equal(oidP256):
		return "P-256"
	case oid.Equal(oidP384):
		return "P-384"
	case oid.Equal(oidP521):
		return "P-521"
	}
	return ""
}

// coordSize is the byte size of a coordinate (and scalar) of a NIST curve;
// 0 for an unknown curve.
func coordSize(curve string) int {
	c := curveOf(curve)
	if c == nil {
		return 0
	}
	return (c.Params().BitSize + 7) / 8
}

func unknownCurve() error { return errorf(NotSupportedError, "Unrecognized namedCurve") }

// ---- generation ----

// GenerateRSA makes an RSA key pair with the given modulus size and public
// exponent (big-endian; only 65537 is supported).
func GenerateRSA(bits int, exponent []byte) (priv, pub *Key, err error) {
	e := new(big.Int).SetBytes(exponent)
	if !e.IsInt64() || e.Int64() != 65537 {
		return nil, nil, errorf(OperationError, "Unsupported RSA public exponent")
	}
	if bits < 1024 || bits > MaxRSABits || bits%8 != 0 {
		return nil, nil, errorf(OperationError, "Unsupported RSA modulus length %d", bits)
	}
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		return nil, nil, errorf(OperationError, "RSA key generation: %v", err)
	}
	return &Key{family: FamilyRSA, private: true, rsaPriv: k, rsaPub: &k.PublicKey},
		&Key{family: FamilyRSA, rsaPub: &k.PublicKey}, nil
}

// GenerateEC makes a key pair on a NIST curve (P-256, P-384, P-521).
func GenerateEC(curve string) (priv, pub *Key, err error) {
	c := curveOf(curve)
	if c == nil {
		return nil, nil, unknownCurve()
	}
	k, err := ecdsa.GenerateKey(c, rand.Reader)
	if err != nil {
		return nil, nil, errorf(OperationError, "EC key generation: %v", err)
	}
	return &Key{family: FamilyEC, curve: curve, private: true, ecPriv: k, ecPub: &k.PublicKey},
		&Key{family: FamilyEC, curve: curve, ecPub: &k.PublicKey}, nil
}

// GenerateOKP makes an Ed25519, X25519, Ed448 or X448 key pair.
func GenerateOKP(family string) (priv, pub *Key, err error) {
	_, n := okpSizes(family)
	if n == 0 {
		return nil, nil, errorf(NotSupportedError, "Unrecognized algorithm name")
	}
	seed := make([]byte, n)
	if _, err := rand.Read(seed); err != nil {
		return nil, nil, errorf(OperationError, "key generation: %v", err)
	}
	priv, err = okpPrivate(family, seed)
	if err != nil {
		return nil, nil, err
	}
	return priv, &Key{family: family, okpPub: priv.okpPub}, nil
}

// okpPrivate builds an OKP private key from its private bytes.
func okpPrivate(family string, d []byte) (*Key, error) {
	_, n := okpSizes(family)
	if n == 0 {
		return nil, errorf(NotSupportedError, "Unrecognized algorithm name")
	}
	if len(d) != n {
		return nil, errorf(DataError, "Invalid keyData")
	}
	d = append([]byte(nil), d...)
	var pub []byte
	switch family {
	case FamilyEd25519:
		pub = ed25519.NewKeyFromSeed(d).Public().(ed25519.PublicKey)
	case FamilyX25519:
		k, err := ecdh.X25519().NewPrivateKey(d)
		if err != nil {
			return nil, errorf(DataError, "Invalid keyData")
		}
		pub = k.PublicKey().Bytes()
	case FamilyX448:
		pub = x448Base(d)
	case FamilyEd448:
		pub = ed448Public(d)
	}
	return &Key{family: family, private: true, okpPriv: d, okpPub: pub}, nil
}

func okpPublic(family string, x []byte) (*Key, error) {
	n, _ := okpSizes(family)
	if n == 0 {
		return nil, errorf(NotSupportedError, "Unrecognized algorithm name")
	}
	if len(x) != n {
		return nil, errorf(DataError, "Invalid keyData")
	}
	return &Key{family: family, okpPub: append([]byte(nil), x...)}, nil
}

// ---- import ----

type spkiInfo struct {
	Algorithm pkix.AlgorithmIdentifier
	PublicKey asn1.BitString
}

type pkcs8Info struct {
	Version    int
	Algorithm  pkix.AlgorithmIdentifier
	PrivateKey []byte
	Attributes asn1.RawValue `asn1:"optional,tag:0"`
	PublicKey  asn1.RawValue `asn1:"optional,tag:1"`
}

type ecPrivateKey struct {
	Version    int
	PrivateKey []byte
	Params     asn1.ObjectIdentifier `asn1:"optional,explicit,tag:0"`
	PublicKey  asn1.BitString        `asn1:"optional,explicit,tag:1"`
}

func invalidKeyData() error { return errorf(DataError, "Invalid keyData") }

// ImportRaw imports a public key from its raw form: an EC point
// (uncompressed or compressed) or OKP key bytes.
func ImportRaw(family, curve string, data []byte) (*Key, error) {
	switch family {
	case FamilyEC:
		return ecPublicFromPoint(curve, data)
	case FamilyRSA:
		return nil, errorf(NotSupportedError, "Unsupported key format")
	}
	return okpPublic(family, data)
}

func ecPublicFromPoint(curve string, data []byte) (*Key, error) {
	c := curveOf(curve)
	if c == nil {
		return nil, unknownCurve()
	}
	point := data
	if len(data) > 0 && (data[0] == 2 || data[0] == 3) {
		x, y := elliptic.UnmarshalCompressed(c, data)
		if x == nil {
			return nil, invalidKeyData()
		}
		n := coordSize(curve)
		point = make([]byte, 1+2*n)
		point[0] = 4
		x.FillBytes(point[1 : 1+n])
		y.FillBytes(point[1+n:])
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(c, point)
	if err != nil {
		return nil, invalidKeyData()
	}
	return &Key{family: FamilyEC, curve: curve, ecPub: pub}, nil
}

// ImportSPKI imports a public key from a DER SubjectPublicKeyInfo. For EC
// keys the curve in the data must be curve.
func ImportSPKI(family, curve string, data []byte) (*Key, error) {
	var info spkiInfo
	rest, err := asn1.Unmarshal(data, &info)
	if err != nil || len(rest) != 0 {
		return nil, invalidKeyData()
	}
	oid := info.Algorithm.Algorithm
	switch family {
	case FamilyRSA:
		if !oid.Equal(oidRSA) {
			return nil, invalidKeyData()
		}
		pk, err := x509.ParsePKIXPublicKey(data)
		if err != nil {
			return nil, invalidKeyData()
		}
		rp, ok := pk.(*rsa.PublicKey)
		if !ok {
			return nil, invalidKeyData()
		}
		if err := checkRSASize(rp.N); err != nil {
			return nil, err
		}
		return &Key{family: FamilyRSA, rsaPub: rp}, nil
	case FamilyEC:
		if !oid.Equal(oidEC) {
			return nil, invalidKeyData()
		}
		if _, err := ecCurveParam(info.Algorithm, curve); err != nil {
			return nil, err
		}
		return ecPublicFromPoint(curve, info.PublicKey.RightAlign())
	}
	if !oid.Equal(okpOID(family)) || len(info.Algorithm.Parameters.FullBytes) != 0 {
		return nil, invalidKeyData()
	}
	return okpPublic(family, info.PublicKey.RightAlign())
}

// ImportPKCS8 imports a private key from a DER PrivateKeyInfo. For EC keys
// the curve in the data must be curve.
func ImportPKCS8(family, curve string, data []byte) (*Key, error) {
	var info pkcs8Info
	rest, err := asn1.Unmarshal(data, &info)
	if err != nil || len(rest) != 0 {
		return nil, invalidKeyData()
	}
	oid := info.Algorithm.Algorithm
	switch family {
	case FamilyRSA:
		if !oid.Equal(oidRSA) {
			return nil, invalidKeyData()
		}
		// Check the size before parsing: parsing validates the key, which
		// costs time that grows with the modulus.
		var head rsaPrivateKeyHead
		if _, err := asn1.Unmarshal(info.PrivateKey, &head); err != nil || head.N == nil {
			return nil, invalidKeyData()
		}
		if err := checkRSASize(head.N); err != nil {
			return nil, err
		}
		pk, err := x509.ParsePKCS8PrivateKey(data)
		if err != nil {
			return nil, invalidKeyData()
		}
		rk, ok := pk.(*rsa.PrivateKey)
		if !ok {
			return nil, invalidKeyData()
		}
		return &Key{family: FamilyRSA, private: true, rsaPriv: rk, rsaPub: &rk.PublicKey}, nil
	case FamilyEC:
		if !oid.Equal(oidEC) {
			return nil, invalidKeyData()
		}
		param, err := ecCurveParam(info.Algorithm, curve)
		if err != nil {
			return nil, err
		}
		var ek ecPrivateKey
		if rest, err := asn1.Unmarshal(info.PrivateKey, &ek); err != nil || len(rest) != 0 || ek.Version != 1 {
			return nil, invalidKeyData()
		}
		if len(ek.Params) != 0 && !ek.Params.Equal(param) {
			return nil, invalidKeyData()
		}
		k, err := ecPrivateFromScalar(curve, ek.PrivateKey)
		if err != nil {
			return nil, err
		}
		if pub := ek.PublicKey.RightAlign(); len(pub) != 0 {
			given, err := ecPublicFromPoint(curve, pub)
			if err != nil || !given.ecPub.Equal(k.ecPub) {
				return nil, invalidKeyData()
			}
		}
		return k, nil
	}
	if !oid.Equal(okpOID(family)) || len(info.Algorithm.Parameters.FullBytes) != 0 {
		return nil, invalidKeyData()
	}
	var d []byte
	if rest, err := asn1.Unmarshal(info.PrivateKey, &d); err != nil || len(rest) != 0 {
		return nil, invalidKeyData()
	}
	return okpPrivate(family, d)
}

// rsaPrivateKeyHead is the start of a PKCS #1 RSAPrivateKey, enough to read
// the modulus (encoding/asn1 ignores the members that follow).
type rsaPrivateKeyHead struct {
	Version int
	N       *big.Int
}

// checkRSASize rejects a modulus larger than MaxRSABits with a DataError.
func checkRSASize(n *big.Int) error {
	if n.BitLen() > MaxRSABits {
		return errorf(DataError, "RSA keys larger than %d bits are not supported", MaxRSABits)
	}
	return nil
}

// ecCurveParam checks that an EC AlgorithmIdentifier's parameters are the
// namedCurve OID of curve, and returns that OID.
func ecCurveParam(alg pkix.AlgorithmIdentifier, curve string) (asn1.ObjectIdentifier, error) {
	var param asn1.ObjectIdentifier
	if rest, err := asn1.Unmarshal(alg.Parameters.FullBytes, &param); err != nil || len(rest) != 0 {
		return nil, invalidKeyData()
	}
	if got := curveByOID(param); got == "" || got != curve {
		return nil, invalidKeyData()
	}
	return param, nil
}

func ecPrivateFromScalar(curve string, d []byte) (*Key, error) {
	c := curveOf(curve)
	if c == nil {
		return nil, unknownCurve()
	}
	n := coordSize(curve)
	if len(d) > n {
		return nil, invalidKeyData()
	}
	padded := make([]byte, n)
	copy(padded[n-len(d):], d)
	k, err := ecdsa.ParseRawPrivateKey(c, padded)
	if err != nil {
		return nil, invalidKeyData()
	}
	return &Key{family: FamilyEC, curve: curve, private: true, ecPriv: k, ecPub: &k.PublicKey}, nil
}

func b64(s string) ([]byte, error) {
	s = strings.TrimRight(s, "=")
	out, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, errorf(DataError, "Invalid JWK member: not base64url")
	}
	return out, nil
}

// JWK holds the key members of a JSON Web Key (all strings, base64url for
// the byte members); the caller checks kty, use, key_ops, ext and alg.
type JWK map[string]string

func (j JWK) bytes(name string) ([]byte, error) {
	s, ok := j[name]
	if !ok {
		return nil, errorf(DataError, "Invalid JWK: missing %q", name)
	}
	return b64(s)
}

// ImportJWK imports a key from the members of a JWK. It reports whether the
// key is private by the presence of "d".
func ImportJWK(family, curve string, j JWK) (*Key, error) {
	_, private := j["d"]
	switch family {
	case FamilyRSA:
		return rsaFromJWK(j, private)
	case FamilyEC:
		if curveOf(curve) == nil {
			return nil, unknownCurve()
		}
		if j["crv"] != curve {
			return nil, errorf(DataError, "JWK \"crv\" does not match the requested algorithm")
		}
		n := coordSize(curve)
		x, err := j.bytes("x")
		if err != nil {
			return nil, err
		}
		y, err := j.bytes("y")
		if err != nil {
			return nil, err
		}
		if len(x) != n || len(y) != n {
			return nil, invalidKeyData()
		}
		point := append(append([]byte{4}, x...), y...)
		pub, err := ecPublicFromPoint(curve, point)
		if err != nil {
			return nil, err
		}
		if !private {
			return pub, nil
		}
		d, err := j.bytes("d")
		if err != nil {
			return nil, err
		}
		if len(d) != n {
			return nil, invalidKeyData()
		}
		k, err := ecPrivateFromScalar(curve, d)
		if err != nil {
			return nil, err
		}
		if !k.ecPub.Equal(pub.ecPub) {
			return nil, errorf(DataError, "Invalid key pair")
		}
		return k, nil
	}
	if n, _ := okpSizes(family); n == 0 {
		return nil, errorf(NotSupportedError, "Unrecognized algorithm name")
	}
	if j["crv"] != family {
		return nil, errorf(DataError, "JWK \"crv\" Parameter and algorithm name mismatch")
	}
	x, err := j.bytes("x")
	if err != nil {
		return nil, err
	}
	pub, err := okpPublic(family, x)
	if err != nil {
		return nil, err
	}
	if !private {
		return pub, nil
	}
	d, err := j.bytes("d")
	if err != nil {
		return nil, err
	}
	k, err := okpPrivate(family, d)
	if err != nil {
		return nil, err
	}
	if string(k.okpPub) != string(pub.okpPub) {
		return nil, errorf(DataError, "Invalid key pair")
	}
	return k, nil
}

func rsaFromJWK(j JWK, private bool) (*Key, error) {
	n, err := j.bytes("n")
	if err != nil {
		return nil, err
	}
	e, err := j.bytes("e")
	if err != nil {
		return nil, err
	}
	if len(n) == 0 || len(e) == 0 || len(e) > 4 {
		return nil, invalidKeyData()
	}
	ev := new(big.Int).SetBytes(e)
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(ev.Int64())}
	if pub.E < 2 {
		return nil, invalidKeyData()
	}
	if err := checkRSASize(pub.N); err != nil {
		return nil, err
	}
	nLen := (pub.N.BitLen() + 7) / 8
	if !private {
		return &Key{family: FamilyRSA, rsaPub: pub}, nil
	}
	var parts [6]*big.Int
	for i, name := range []string{"d", "p", "q", "dp", "dq", "qi"} {
		b, err := j.bytes(name)
		if err != nil {
			return nil, err
		}
		// Every private member is smaller than the modulus; a longer one
		// is not worth validating.
		if len(bytes.TrimLeft(b, "\x00")) > nLen {
			return nil, invalidKeyData()
		}
		parts[i] = new(big.Int).SetBytes(b)
	}
	k := &rsa.PrivateKey{PublicKey: *pub, D: parts[0], Primes: []*big.Int{parts[1], parts[2]}}
	if err := k.Validate(); err != nil {
		return nil, invalidKeyData()
	}
	k.Precompute()
	return &Key{family: FamilyRSA, private: true, rsaPriv: k, rsaPub: &k.PublicKey}, nil
}

// ---- export ----

// ExportRaw exports a public key in raw form.
func (k *Key) ExportRaw() ([]byte, error) {
	if err := k.valid(); err != nil {
		return nil, err
	}
	if k.private {
		return nil, errorf(InvalidAccessError, "Unable to export a raw private key")
	}
	switch k.family {
	case FamilyRSA:
		return nil, errorf(NotSupportedError, "Unsupported export format")
	case FamilyEC:
		b, err := k.ecPub.Bytes()
		if err != nil {
			return nil, errorf(OperationError, "EC export: %v", err)
		}
		return b, nil
	}
	return append([]byte(nil), k.okpPub...), nil
}

// ExportSPKI exports a public key as a DER SubjectPublicKeyInfo.
func (k *Key) ExportSPKI() ([]byte, error) {
	if err := k.valid(); err != nil {
		return nil, err
	}
	if k.private {
		return nil, errorf(InvalidAccessError, "Unable to export a private key as spki")
	}
	switch k.family {
	case FamilyRSA:
		return marshal(x509.MarshalPKIXPublicKey(k.rsaPub))
	case FamilyEC:
		return marshal(x509.MarshalPKIXPublicKey(k.ecPub))
	}
	return marshal(asn1.Marshal(spkiInfo{
		Algorithm: pkix.AlgorithmIdentifier{Algorithm: okpOID(k.family)},
		PublicKey: asn1.BitString{Bytes: k.okpPub, BitLength: 8 * len(k.okpPub)},
	}))
}

// ExportPKCS8 exports a private key as a DER PrivateKeyInfo.
func (k *Key) ExportPKCS8() ([]byte, error) {
	if err := k.valid(); err != nil {
		return nil, err
	}
	if !k.private {
		return nil, errorf(InvalidAccessError, "Unable to export a public key as pkcs8")
	}
	switch k.family {
	case FamilyRSA:
		return marshal(x509.MarshalPKCS8PrivateKey(k.rsaPriv))
	case FamilyEC:
		return marshal(x509.MarshalPKCS8PrivateKey(k.ecPriv))
	}
	inner, err := asn1.Marshal(k.okpPriv)
	if err != nil {
		return nil, errorf(OperationError, "pkcs8 export: %v", err)
	}
	return marshal(asn1.Marshal(pkcs8Info{
		Algorithm:  pkix.AlgorithmIdentifier{Algorithm: okpOID(k.family)},
		PrivateKey: inner,
	}))
}

func marshal(b []byte, err error) ([]byte, error) {
	if err != nil {
		return nil, errorf(OperationError, "export: %v", err)
	}
	return b, nil
}

func b64e(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// ExportJWK exports the key members of a JWK (kty, crv and the key
// material); the caller adds alg, key_ops and ext.
func (k *Key) ExportJWK() (JWK, error) {
	if err := k.valid(); err != nil {
		return nil, err
	}
	j := JWK{}
	switch k.family {
	case FamilyRSA:
		e, err := k.PublicExponent()
		if err != nil {
			return nil, err
		}
		j["kty"] = "RSA"
		j["n"] = b64e(k.rsaPub.N.Bytes())
		j["e"] = b64e(e)
		if k.private {
			p := k.rsaPriv
			if len(p.Primes) != 2 {
				return nil, errorf(OperationError, "multi-prime RSA keys cannot be exported")
			}
			P, Q := p.Primes[0], p.Primes[1]
			one := big.NewInt(1)
			dp := new(big.Int).Mod(p.D, new(big.Int).Sub(P, one))
			dq := new(big.Int).Mod(p.D, new(big.Int).Sub(Q, one))
			qi := new(big.Int).ModInverse(Q, P)
			j["d"] = b64e(p.D.Bytes())
			j["p"] = b64e(P.Bytes())
			j["q"] = b64e(Q.Bytes())
			j["dp"] = b64e(dp.Bytes())
			j["dq"] = b64e(dq.Bytes())
			j["qi"] = b64e(qi.Bytes())
		}
	case FamilyEC:
		j["kty"] = "EC"
		j["crv"] = k.curve
		pt, err := k.ecPub.Bytes()
		if err != nil {
			return nil, errorf(OperationError, "EC export: %v", err)
		}
		n := coordSize(k.curve)
		j["x"] = b64e(pt[1 : 1+n])
		j["y"] = b64e(pt[1+n:])
		if k.private {
			d, err := k.ecPriv.Bytes()
			if err != nil {
				return nil, errorf(OperationError, "EC export: %v", err)
			}
			j["d"] = b64e(d)
		}
	default:
		j["kty"] = "OKP"
		j["crv"] = k.family
		j["x"] = b64e(k.okpPub)
		if k.private {
			j["d"] = b64e(k.okpPriv)
		}
	}
	return j, nil
}
