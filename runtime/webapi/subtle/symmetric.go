package subtle

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/subtle"
	"encoding/binary"
	"math/big"
)

// HMACSign computes the HMAC of data under key with the named hash.
func HMACSign(hashName string, key, data []byte) ([]byte, error) {
	newHash, _, err := hashOf(hashName)
	if err != nil {
		return nil, err
	}
	m := hmac.New(newHash, key)
	m.Write(data)
	return m.Sum(nil), nil
}

// HMACVerify reports whether sig is the HMAC of data, in constant time.
func HMACVerify(hashName string, key, sig, data []byte) (bool, error) {
	mac, err := HMACSign(hashName, key, data)
	if err != nil {
		return false, err
	}
	return hmac.Equal(mac, sig), nil
}

func newAES(key []byte) (cipher.Block, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, errorf(OperationError, "Invalid key length")
	}
	return b, nil
}

// AESCBC encrypts (PKCS#7 padding added) or decrypts (padding checked and
// removed) data in CBC mode. The padding check is not constant-time (it
// returns at the first bad byte), a padding oracle in principle; fine for
// the playground, not for production secrets.
func AESCBC(encrypt bool, key, iv, data []byte) ([]byte, error) {
	b, err := newAES(key)
	if err != nil {
		return nil, err
	}
	if len(iv) != aes.BlockSize {
		return nil, errorf(OperationError, "algorithm.iv must contain exactly 16 bytes")
	}
	if encrypt {
		pad := aes.BlockSize - len(data)%aes.BlockSize
		out := make([]byte, len(data)+pad)
		copy(out, data)
		for i := len(data); i < len(out); i++ {
			out[i] = byte(pad)
		}
		cipher.NewCBCEncrypter(b, iv).CryptBlocks(out, out)
		return out, nil
	}
	if len(data) == 0 || len(data)%aes.BlockSize != 0 {
		return nil, errorf(OperationError, "The provided data is too small.")
	}
	out := make([]byte, len(data))
	cipher.NewCBCDecrypter(b, iv).CryptBlocks(out, data)
	pad := int(out[len(out)-1])
	if pad == 0 || pad > aes.BlockSize {
		return nil, errorf(OperationError, "The operation failed for an operation-specific reason")
	}
	for _, x := range out[len(out)-pad:] {
		if int(x) != pad {
			return nil, errorf(OperationError, "The operation failed for an operation-specific reason")
		}
	}
	return out[:len(out)-pad], nil
}

// AESCTR encrypts or decrypts data in CTR mode where only the rightmost
// length bits of the 16-byte counter block are incremented (wrapping
// around), as Web Crypto's AES-CTR specifies.
func AESCTR(key, counter []byte, length int, data []byte) ([]byte, error) {
	b, err := newAES(key)
	if err != nil {
		return nil, err
	}
	if len(counter) != aes.BlockSize {
		return nil, errorf(OperationError, "algorithm.counter must contain exactly 16 bytes")
	}
	if length < 1 || length > 128 {
		return nil, errorf(OperationError, "algorithm.length must be between 1 and 128")
	}
	blocks := (len(data) + aes.BlockSize - 1) / aes.BlockSize
	if length < 64 && uint64(blocks) > uint64(1)<<uint(length) {
		return nil, errorf(OperationError, "The counter would wrap around and reuse a keystream block")
	}
	out := make([]byte, len(data))
	// cipher.NewCTR counts with the whole 16-byte block. That is the same
	// as counting in the low length bits until they wrap to zero, so the
	// data is split there and the rest is run from the wrapped counter
	// (blocks <= 2^length, so there is at most one wrap).
	split := len(data)
	var wrapped [aes.BlockSize]byte
	if length < 128 {
		full := new(big.Int).SetBytes(counter)
		mod := new(big.Int).Lsh(big.NewInt(1), uint(length))
		low := new(big.Int).Mod(full, mod)
		left := new(big.Int).Sub(mod, low) // blocks before the wrap
		if left.IsInt64() && left.Int64() < int64(blocks) {
			split = int(left.Int64()) * aes.BlockSize
			new(big.Int).Sub(full, low).FillBytes(wrapped[:])
		}
	}
	cipher.NewCTR(b, counter).XORKeyStream(out[:split], data[:split])
	if split < len(data) {
		cipher.NewCTR(b, wrapped[:]).XORKeyStream(out[split:], data[split:])
	}
	return out, nil
}

// AESGCM encrypts (ciphertext then tag) or decrypts-and-verifies data in GCM
// mode with the given IV, additional data and tag length in bits (32, 64,
// 96, 104, 112, 120 or 128).
func AESGCM(encrypt bool, key, iv, aad []byte, tagBits int, data []byte) ([]byte, error) {
	b, err := newAES(key)
	if err != nil {
		return nil, err
	}
	switch tagBits {
	case 32, 64, 96, 104, 112, 120, 128:
	default:
		return nil, errorf(OperationError, "%d is not a valid AES-GCM tag length", tagBits)
	}
	if len(iv) == 0 {
		return nil, errorf(OperationError, "algorithm.iv must not be empty")
	}
	g, err := cipher.NewGCMWithNonceSize(b, len(iv))
	if err != nil {
		return nil, errorf(OperationError, "AES-GCM: %v", err)
	}
	tagLen := tagBits / 8
	if encrypt {
		out := g.Seal(nil, iv, data, aad)
		return out[:len(data)+tagLen], nil
	}
	if len(data) < tagLen {
		return nil, errorf(OperationError, "The provided data is too small.")
	}
	ct, tag := data[:len(data)-tagLen], data[len(data)-tagLen:]
	if tagLen == g.Overhead() {
		out, err := g.Open(nil, iv, data, aad)
		if err != nil {
			return nil, errorf(OperationError, "The operation failed for an operation-specific reason")
		}
		return out, nil
	}
	// A truncated tag: the keystream is what sealing zeros gives, so
	// recover the plaintext, re-seal it and compare the tag prefix.
	ks := g.Seal(nil, iv, make([]byte, len(ct)), nil)[:len(ct)]
	pt := make([]byte, len(ct))
	subtle.XORBytes(pt, ct, ks)
	full := g.Seal(nil, iv, pt, aad)[len(ct):]
	if subtle.ConstantTimeCompare(full[:tagLen], tag) != 1 {
		return nil, errorf(OperationError, "The operation failed for an operation-specific reason")
	}
	return pt, nil
}

var kwDefaultIV = [8]byte{0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6}

// AESKWWrap wraps data (a multiple of 8 bytes, at least 16) with the AES
// key wrap of RFC 3394.
func AESKWWrap(key, data []byte) ([]byte, error) {
	b, err := newAES(key)
	if err != nil {
		return nil, err
	}
	if len(data) < 16 || len(data)%8 != 0 {
		return nil, errorf(OperationError, "The AES-KW input length must be a multiple of 8 bytes and at least 16")
	}
	n := len(data) / 8
	a := kwDefaultIV
	r := make([]byte, len(data))
	copy(r, data)
	var buf [16]byte
	for j := 0; j < 6; j++ {
		for i := 0; i < n; i++ {
			copy(buf[:8], a[:])
			copy(buf[8:], r[i*8:i*8+8])
			b.Encrypt(buf[:], buf[:])
			t := uint64(n*j + i + 1)
			binary.BigEndian.PutUint64(a[:], binary.BigEndian.Uint64(buf[:8])^t)
			copy(r[i*8:], buf[8:])
		}
	}
	return append(a[:], r...), nil
}

// AESKWUnwrap reverses AESKWWrap, failing if the integrity check does not hold.
func AESKWUnwrap(key, data []byte) ([]byte, error) {
	b, err := newAES(key)
	if err != nil {
		return nil, err
	}
	if len(data) < 24 || len(data)%8 != 0 {
		return nil, errorf(OperationError, "The AES-KW input length must be a multiple of 8 bytes and at least 24")
	}
	n := len(data)/8 - 1
	var a [8]byte
	copy(a[:], data[:8])
	r := make([]byte, n*8)
	copy(r, data[8:])
	var buf [16]byte
	for j := 5; j >= 0; j-- {
		for i := n - 1; i >= 0; i-- {
			t := uint64(n*j + i + 1)
			binary.BigEndian.PutUint64(buf[:8], binary.BigEndian.Uint64(a[:])^t)
			copy(buf[8:], r[i*8:i*8+8])
			b.Decrypt(buf[:], buf[:])
			copy(a[:], buf[:8])
			copy(r[i*8:], buf[8:])
		}
	}
	if subtle.ConstantTimeCompare(a[:], kwDefaultIV[:]) != 1 {
		return nil, errorf(OperationError, "The operation failed for an operation-specific reason")
	}
	return r, nil
}

// HKDF derives length bytes from key, salt and info (RFC 5869).
func HKDF(hashName string, key, salt, info []byte, length int) ([]byte, error) {
	newHash, _, err := hashOf(hashName)
	if err != nil {
		return nil, err
	}
	if length == 0 {
		return []byte{}, nil
	}
	out, err := hkdf.Key(newHash, key, salt, string(info), length)
	if err != nil {
		return nil, errorf(OperationError, "HKDF: %v", err)
	}
	return out, nil
}

// MaxPBKDF2Work caps the cost of one PBKDF2 derivation, counted in HMAC
// computations (iterations times output blocks): tens of seconds of CPU.
// Node has no cap; the playground refuses work beyond it.
const MaxPBKDF2Work = 1 << 27

// PBKDF2Work is the cost of a PBKDF2 derivation in HMAC computations:
// iterations times the number of hash-sized blocks in length bytes. An
// unknown hash costs 0 (the derivation fails at once).
func PBKDF2Work(hashName string, iterations, length int) uint64 {
	newHash, _, err := hashOf(hashName)
	if err != nil || iterations < 1 || length < 1 {
		return 0
	}
	hLen := newHash().Size()
	return uint64(iterations) * uint64((length+hLen-1)/hLen)
}

// PBKDF2 derives length bytes from password and salt (RFC 8018). It stops
// with an OperationError when ctx ends (checked every few thousand HMAC
// computations) and refuses work beyond MaxPBKDF2Work.
func PBKDF2(ctx context.Context, hashName string, password, salt []byte, iterations, length int) ([]byte, error) {
	newHash, _, err := hashOf(hashName)
	if err != nil {
		return nil, err
	}
	if iterations < 1 {
		return nil, errorf(OperationError, "iterations cannot be zero")
	}
	if length == 0 {
		return []byte{}, nil
	}
	if work := PBKDF2Work(hashName, iterations, length); work > MaxPBKDF2Work {
		return nil, errorf(OperationError, "PBKDF2: %d iterations for %d bytes is %d HMAC computations, more than the playground's limit of %d", iterations, length, work, MaxPBKDF2Work)
	}
	prf := hmac.New(newHash, password)
	hLen := prf.Size()
	blocks := (length + hLen - 1) / hLen
	out := make([]byte, 0, blocks*hLen)
	u := make([]byte, 0, hLen)
	t := make([]byte, hLen)
	var index [4]byte
	work := 0
	for block := 1; block <= blocks; block++ {
		binary.BigEndian.PutUint32(index[:], uint32(block))
		prf.Reset()
		prf.Write(salt)
		prf.Write(index[:])
		u = prf.Sum(u[:0])
		copy(t, u)
		for i := 1; i < iterations; i++ {
			if work++; work%4096 == 0 && ctx.Err() != nil {
				return nil, cancelled(ctx)
			}
			prf.Reset()
			prf.Write(u)
			u = prf.Sum(u[:0])
			subtle.XORBytes(t, t, u)
		}
		if work++; work%4096 == 0 && ctx.Err() != nil {
			return nil, cancelled(ctx)
		}
		out = append(out, t...)
	}
	return out[:length], nil
}
