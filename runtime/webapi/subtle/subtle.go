// Package subtle holds the cryptographic work behind the Web Cryptography
// API's crypto.subtle: pure functions over bytes and keys, with no knowledge
// of the JS runtime. The webapi package does the WebIDL side (algorithm
// normalization, CryptoKey, usages) and calls in here for the primitives:
// digests, HMAC, the AES modes (including AES-KW), HKDF, PBKDF2, RSA
// (PKCS#1 v1.5, PSS, OAEP), ECDSA and ECDH on the NIST curves, Ed25519,
// X25519, Ed448 and X448, and key import and export in the raw, spki,
// pkcs8 and jwk formats.
//
// Every failure is an *Error naming the DOMException the caller must raise.
// Every operation checks that the key it is given is of the kind the
// operation needs and fails with an InvalidAccessError otherwise; nothing
// here panics on a key of the wrong kind.
//
// Heavy work: Acquire bounds how many heavy operations run at once in the
// process, and the long loops (PBKDF2) stop when their context ends.
//
// Not constant-time: parts of this package (Ed448/X448 in curve448.go, the
// raw RSA private operation of RSA-PSS with an empty salt, AES-CBC padding
// removal) use math/big or branch on secret data. They serve the
// playground's Web Crypto emulation, not production secrets.
package subtle

import (
	"context"
	"crypto"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"hash"
	"runtime"
)

// Error is a failed operation together with the name of the DOMException
// (OperationError, DataError, NotSupportedError, ...) Web Crypto raises for it.
type Error struct {
	Name string
	Msg  string
}

// Error returns the DOMException name and the message, as "Name: Msg".
func (e *Error) Error() string { return e.Name + ": " + e.Msg }

// DOMException names used here.
const (
	OperationError     = "OperationError"
	DataError          = "DataError"
	NotSupportedError  = "NotSupportedError"
	InvalidAccessError = "InvalidAccessError"
)

// workSlots is the process-wide semaphore of Acquire: one slot per CPU the
// Go scheduler uses. The channel carries no data; only its capacity counts.
var workSlots = make(chan struct{}, runtime.GOMAXPROCS(0))

// Acquire waits for one of the process-wide slots for heavy work (as many
// as GOMAXPROCS) and returns the function that gives it back, to be called
// exactly once. If ctx ends first it returns an OperationError instead.
func Acquire(ctx context.Context) (release func(), err error) {
	select {
	case workSlots <- struct{}{}:
		return func() { <-workSlots }, nil
	case <-ctx.Done():
		return nil, cancelled(ctx)
	}
}

// cancelled is the error of work stopped because ctx ended.
func cancelled(ctx context.Context) error {
	return errorf(OperationError, "The operation was cancelled: %v", context.Cause(ctx))
}

func errorf(name, format string, args ...any) *Error {
	return &Error{Name: name, Msg: fmt.Sprintf(format, args...)}
}

// hashOf returns the constructor and crypto.Hash for a Web Crypto hash name
// (SHA-1, SHA-256, SHA-384, SHA-512).
func hashOf(name string) (func() hash.Hash, crypto.Hash, error) {
	switch name {
	case "SHA-1":
		return sha1.New, crypto.SHA1, nil
	case "SHA-256":
		return sha256.New, crypto.SHA256, nil
	case "SHA-384":
		return sha512.New384, crypto.SHA384, nil
	case "SHA-512":
		return sha512.New, crypto.SHA512, nil
	}
	return nil, 0, errorf(NotSupportedError, "Unrecognized algorithm name")
}

// Digest hashes data with the named hash.
func Digest(name string, data []byte) ([]byte, error) {
	newHash, _, err := hashOf(name)
	if err != nil {
		return nil, err
	}
	h := newHash()
	h.Write(data)
	return h.Sum(nil), nil
}
