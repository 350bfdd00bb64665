package subtle

import (
	"bytes"
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/subtle"
	"math/big"
)

func digestWith(hashName string, data []byte) ([]byte, crypto.Hash, error) {
	_, h, err := hashOf(hashName)
	if err != nil {
		return nil, 0, err
	}
	hh := h.New()
	hh.Write(data)
	return hh.Sum(nil), h, nil
}

// SignParams are the per-algorithm sign and verify parameters.
type SignParams struct {
	Algorithm  string // RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA, Ed25519, Ed448
	Hash       string // the hash (for RSA, the key's; for ECDSA, the call's)
	SaltLength int    // RSA-PSS
}

// signFamily is the key family a signature algorithm works with.
func signFamily(alg string) (string, error) {
	switch alg {
	case "RSASSA-PKCS1-v1_5", "RSA-PSS":
		return FamilyRSA, nil
	case "ECDSA":
		return FamilyEC, nil
	case "Ed25519":
		return FamilyEd25519, nil
	case "Ed448":
		return FamilyEd448, nil
	}
	return "", errorf(NotSupportedError, "Unrecognized algorithm name")
}

// Sign signs data with a private key of the family p.Algorithm works with.
func Sign(k *Key, p SignParams, data []byte) ([]byte, error) {
	family, err := signFamily(p.Algorithm)
	if err != nil {
		return nil, err
	}
	if err := k.check(family, true); err != nil {
		return nil, err
	}
	switch p.Algorithm {
	case "RSASSA-PKCS1-v1_5":
		d, h, err := digestWith(p.Hash, data)
		if err != nil {
			return nil, err
		}
		sig, err := rsa.SignPKCS1v15(nil, k.rsaPriv, h, d)
		if err != nil {
			return nil, errorf(OperationError, "RSASSA-PKCS1-v1_5: %v", err)
		}
		return sig, nil
	case "RSA-PSS":
		d, h, err := digestWith(p.Hash, data)
		if err != nil {
			return nil, err
		}
		if p.SaltLength > 0 {
			sig, err := rsa.SignPSS(rand.Reader, k.rsaPriv, h, d, &rsa.PSSOptions{SaltLength: p.SaltLength, Hash: h})
			if err != nil {
				return nil, errorf(OperationError, "RSA-PSS: %v", err)
			}
			return sig, nil
		}
		// Go reads a zero salt length as "automatic", so an empty salt is
		// encoded here and signed with the raw RSA operation.
		em, err := pssEncode(d, h, k.rsaPub.N.BitLen()-1, nil)
		if err != nil {
			return nil, err
		}
		return rsaRawPrivate(k.rsaPriv, em), nil
	case "ECDSA":
		d, _, err := digestWith(p.Hash, data)
		if err != nil {
			return nil, err
		}
		r, s, err := ecdsa.Sign(rand.Reader, k.ecPriv, d)
		if err != nil {
			return nil, errorf(OperationError, "ECDSA: %v", err)
		}
		n := (k.ecPriv.Curve.Params().N.BitLen() + 7) / 8
		sig := make([]byte, 2*n)
		r.FillBytes(sig[:n])
		s.FillBytes(sig[n:])
		return sig, nil
	case "Ed25519":
		return ed25519.Sign(ed25519.NewKeyFromSeed(k.okpPriv), data), nil
	case "Ed448":
		return ed448Sign(k.okpPriv, data), nil
	}
	return nil, errorf(NotSupportedError, "Unrecognized algorithm name")
}

// Verify checks a signature with a public key of the family p.Algorithm
// works with.
func Verify(k *Key, p SignParams, sig, data []byte) (bool, error) {
	family, err := signFamily(p.Algorithm)
	if err != nil {
		return false, err
	}
	if err := k.check(family, false); err != nil {
		return false, err
	}
	switch p.Algorithm {
	case "RSASSA-PKCS1-v1_5":
		d, h, err := digestWith(p.Hash, data)
		if err != nil {
			return false, err
		}
		return rsa.VerifyPKCS1v15(k.rsaPub, h, d, sig) == nil, nil
	case "RSA-PSS":
		d, h, err := digestWith(p.Hash, data)
		if err != nil {
			return false, err
		}
		return pssVerify(k.rsaPub, h, d, sig, p.SaltLength), nil
	case "ECDSA":
		d, _, err := digestWith(p.Hash, data)
		if err != nil {
			return false, err
		}
		n := (k.ecPub.Curve.Params().N.BitLen() + 7) / 8
		if len(sig) != 2*n {
			return false, nil
		}
		r := new(big.Int).SetBytes(sig[:n])
		s := new(big.Int).SetBytes(sig[n:])
		return ecdsa.Verify(k.ecPub, d, r, s), nil
	case "Ed25519":
		if len(sig) != ed25519.SignatureSize || ed25519SmallOrder(k.okpPub) || ed25519SmallOrder(sig[:32]) {
			return false, nil
		}
		return ed25519.Verify(ed25519.PublicKey(k.okpPub), data, sig), nil
	case "Ed448":
		return ed448Verify(k.okpPub, data, sig), nil
	}
	return false, errorf(NotSupportedError, "Unrecognized algorithm name")
}

// rsaRawPrivate computes em^d mod n (em already padded) with math/big:
// without blinding or CRT, and not constant-time, so it leaks timing about
// the private exponent. It serves only RSA-PSS with an empty salt, which
// crypto/rsa cannot express; acceptable for the playground, not production.
func rsaRawPrivate(k *rsa.PrivateKey, em []byte) []byte {
	m := new(big.Int).SetBytes(em)
	c := new(big.Int).Exp(m, k.D, k.N)
	out := make([]byte, (k.N.BitLen()+7)/8)
	return c.FillBytes(out)
}

// mgf1XOR XORs out with the MGF1 mask of seed.
func mgf1XOR(out []byte, h crypto.Hash, seed []byte) {
	var counter [4]byte
	done := 0
	for done < len(out) {
		hh := h.New()
		hh.Write(seed)
		hh.Write(counter[:])
		block := hh.Sum(nil)
		done += subtle.XORBytes(out[done:], out[done:], block)
		for i := 3; i >= 0; i-- {
			counter[i]++
			if counter[i] != 0 {
				break
			}
		}
	}
}

// pssEncode is EMSA-PSS-ENCODE (RFC 8017 9.1.1) of the digest mHash.
func pssEncode(mHash []byte, h crypto.Hash, emBits int, salt []byte) ([]byte, error) {
	hLen := h.Size()
	emLen := (emBits + 7) / 8
	if emLen < hLen+len(salt)+2 {
		return nil, errorf(OperationError, "RSA-PSS: salt too long for the key")
	}
	hh := h.New()
	hh.Write(make([]byte, 8))
	hh.Write(mHash)
	hh.Write(salt)
	hv := hh.Sum(nil)
	em := make([]byte, emLen)
	db := em[:emLen-hLen-1]
	db[len(db)-len(salt)-1] = 1
	copy(db[len(db)-len(salt):], salt)
	mgf1XOR(db, h, hv)
	db[0] &= 0xFF >> (8*emLen - emBits)
	copy(em[emLen-hLen-1:], hv)
	em[emLen-1] = 0xBC
	return em, nil
}

// pssVerify is RSASSA-PSS-VERIFY with an exact salt length.
func pssVerify(pub *rsa.PublicKey, h crypto.Hash, mHash, sig []byte, sLen int) bool {
	k := (pub.N.BitLen() + 7) / 8
	if len(sig) != k || sLen < 0 {
		return false
	}
	s := new(big.Int).SetBytes(sig)
	if s.Cmp(pub.N) >= 0 {
		return false
	}
	m := new(big.Int).Exp(s, big.NewInt(int64(pub.E)), pub.N)
	emBits := pub.N.BitLen() - 1
	emLen := (emBits + 7) / 8
	if m.BitLen() > emBits {
		return false
	}
	em := m.FillBytes(make([]byte, emLen))
	hLen := h.Size()
	if emLen < hLen+sLen+2 || em[emLen-1] != 0xBC {
		return false
	}
	db := append([]byte(nil), em[:emLen-hLen-1]...)
	hv := em[emLen-hLen-1 : emLen-1]
	if db[0]&^(0xFF>>(8*emLen-emBits)) != 0 {
		return false
	}
	mgf1XOR(db, h, hv)
	db[0] &= 0xFF >> (8*emLen - emBits)
	ps := len(db) - sLen - 1
	for _, x := range db[:ps] {
		if x != 0 {
			return false
		}
	}
	if db[ps] != 1 {
		return false
	}
	hh := h.New()
	hh.Write(make([]byte, 8))
	hh.Write(mHash)
	hh.Write(db[ps+1:])
	return bytes.Equal(hh.Sum(nil), hv)
}

// RSAOAEP encrypts with an RSA public key or decrypts with an RSA private key.
func RSAOAEP(encrypt bool, k *Key, hashName string, label, data []byte) ([]byte, error) {
	_, h, err := hashOf(hashName)
	if err != nil {
		return nil, err
	}
	if err := k.check(FamilyRSA, !encrypt); err != nil {
		return nil, err
	}
	if encrypt {
		out, err := rsa.EncryptOAEP(h.New(), rand.Reader, k.rsaPub, data, label)
		if err != nil {
			return nil, errorf(OperationError, "RSA-OAEP: %v", err)
		}
		return out, nil
	}
	out, err := rsa.DecryptOAEP(h.New(), nil, k.rsaPriv, data, label)
	if err != nil {
		return nil, errorf(OperationError, "The operation failed for an operation-specific reason")
	}
	return out, nil
}

// DeriveShared computes the ECDH, X25519 or X448 shared secret of a
// private key and a public key of the same family (and curve).
func DeriveShared(priv, pub *Key) ([]byte, error) {
	family := priv.Family()
	switch family {
	case FamilyEC, FamilyX25519, FamilyX448:
	default:
		return nil, wrongKey()
	}
	if err := priv.check(family, true); err != nil {
		return nil, err
	}
	if pub.Family() != family || pub.Curve() != priv.curve {
		return nil, errorf(InvalidAccessError, "The public and private keys must be on the same curve")
	}
	if err := pub.check(family, false); err != nil {
		return nil, err
	}
	switch priv.family {
	case FamilyEC:
		a, err := priv.ecPriv.ECDH()
		if err != nil {
			return nil, errorf(OperationError, "ECDH: %v", err)
		}
		b, err := pub.ecPub.ECDH()
		if err != nil {
			return nil, errorf(OperationError, "ECDH: %v", err)
		}
		return ecdhShared(a, b)
	case FamilyX25519:
		a, err := ecdh.X25519().NewPrivateKey(priv.okpPriv)
		if err != nil {
			return nil, errorf(OperationError, "X25519: %v", err)
		}
		b, err := ecdh.X25519().NewPublicKey(pub.okpPub)
		if err != nil {
			return nil, errorf(OperationError, "X25519: %v", err)
		}
		return ecdhShared(a, b)
	case FamilyX448:
		out := x448(priv.okpPriv, pub.okpPub)
		var zero byte
		for _, x := range out {
			zero |= x
		}
		if zero == 0 {
			return nil, errorf(OperationError, "X448: the shared secret is all zeros")
		}
		return out, nil
	}
	return nil, wrongKey()
}

func ecdhShared(a *ecdh.PrivateKey, b *ecdh.PublicKey) ([]byte, error) {
	out, err := a.ECDH(b)
	if err != nil {
		return nil, errorf(OperationError, "The operation failed for an operation-specific reason")
	}
	return out, nil
}
