package subtle

import "math/big"

// Ed25519 verification in Web Crypto rejects a public key or signature R
// of small order (crypto/ed25519 accepts them, as RFC 8032 allows). This
// file decodes such points with math/big and checks whether [8]P is the
// identity.

var (
	p25519 = func() *big.Int {
		p := new(big.Int).Lsh(big.NewInt(1), 255)
		return p.Sub(p, big.NewInt(19))
	}()
	ed25519D = func() *big.Int {
		num := new(big.Int).Sub(p25519, big.NewInt(121665))
		inv := new(big.Int).ModInverse(big.NewInt(121666), p25519)
		return num.Mod(num.Mul(num, inv), p25519)
	}()
	// sqrt(-1) mod p = 2^((p-1)/4)
	ed25519SqrtM1 = new(big.Int).Exp(big.NewInt(2), new(big.Int).Rsh(new(big.Int).Sub(p25519, big.NewInt(1)), 2), p25519)
)

func mod25519(x *big.Int) *big.Int { return x.Mod(x, p25519) }

// ed25519SmallOrder reports whether the 32-byte encoding is a point of
// order dividing 8 (non-canonical encodings included). Undecodable
// encodings report false: the verifier rejects those by itself.
func ed25519SmallOrder(enc []byte) bool {
	if len(enc) != 32 {
		return false
	}
	b := append([]byte(nil), enc...)
	sign := uint(b[31] >> 7)
	b[31] &= 0x7F
	y := mod25519(leInt(b))
	yy := mod25519(new(big.Int).Mul(y, y))
	u := mod25519(new(big.Int).Sub(yy, big.NewInt(1)))
	v := mod25519(new(big.Int).Add(new(big.Int).Mul(ed25519D, yy), big.NewInt(1)))
	// x = (u/v)^((p+3)/8), fixed up by sqrt(-1) when needed.
	uv := mod25519(new(big.Int).Mul(u, new(big.Int).ModInverse(v, p25519)))
	x := new(big.Int).Exp(uv, new(big.Int).Rsh(new(big.Int).Add(p25519, big.NewInt(3)), 3), p25519)
	if mod25519(new(big.Int).Mul(x, x)).Cmp(uv) != 0 {
		x = mod25519(x.Mul(x, ed25519SqrtM1))
		if mod25519(new(big.Int).Mul(x, x)).Cmp(uv) != 0 {
			return false
		}
	}
	if x.Bit(0) != sign {
		x = mod25519(x.Neg(x))
	}
	px, py, pz := x, y, big.NewInt(1)
	for i := 0; i < 3; i++ {
		px, py, pz = ed25519Double(px, py, pz)
	}
	return px.Sign() == 0 && py.Cmp(pz) == 0
}

// ed25519Double doubles a projective point on -x^2 + y^2 = 1 + d x^2 y^2.
func ed25519Double(x, y, z *big.Int) (*big.Int, *big.Int, *big.Int) {
	m := func(a, b *big.Int) *big.Int { return mod25519(new(big.Int).Mul(a, b)) }
	a := m(z, z)
	bb := m(a, a)
	c := m(x, x)
	d := m(y, y)
	e := m(ed25519D, m(c, d))
	f := mod25519(new(big.Int).Sub(bb, e))
	g := mod25519(new(big.Int).Add(bb, e))
	s := new(big.Int).Add(x, y)
	h := mod25519(new(big.Int).Sub(new(big.Int).Sub(m(s, s), c), d))
	return m(a, m(f, h)), m(a, m(g, mod25519(new(big.Int).Add(d, c)))), m(f, g)
}
