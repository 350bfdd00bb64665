package subtle

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/pbkdf2"
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
// removed) data in CBC mode.
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
	// The counter block as a 128-bit number: fixed high bits plus a low
	// part that counts modulo 2^length.
	full := new(big.Int).SetBytes(counter)
	mod := new(big.Int).Lsh(big.NewInt(1), uint(length))
	low := new(big.Int).Mod(full, mod)
	high := new(big.Int).Sub(full, low)
	out := make([]byte, len(data))
	var block, ks [aes.BlockSize]byte
	one := big.NewInt(1)
	cur := new(big.Int)
	for i := 0; i < blocks; i++ {
		cur.Add(high, low)
		cur.FillBytes(block[:])
		b.Encrypt(ks[:], block[:])
		start := i * aes.BlockSize
		end := min(start+aes.BlockSize, len(data))
		subtle.XORBytes(out[start:end], data[start:end], ks[:end-start])
		low.Add(low, one)
		if low.Cmp(mod) == 0 {
			low.SetInt64(0)
		}
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

// PBKDF2 derives length bytes from password and salt (RFC 8018).
func PBKDF2(hashName string, password, salt []byte, iterations, length int) ([]byte, error) {
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
	out, err := pbkdf2.Key(newHash, string(password), salt, iterations, length)
	if err != nil {
		return nil, errorf(OperationError, "PBKDF2: %v", err)
	}
	return out, nil
}
