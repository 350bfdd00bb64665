package subtle

import (
	"crypto/sha3"
	"math/big"
)

// Curve448 (RFC 7748 X448 and RFC 8032 Ed448) in math/big: the standard
// library has neither. It is not constant-time; it serves the playground's
// Web Crypto emulation, not production secrets.

var (
	p448 = func() *big.Int {
		p := new(big.Int).Lsh(big.NewInt(1), 448)
		p.Sub(p, new(big.Int).Lsh(big.NewInt(1), 224))
		return p.Sub(p, big.NewInt(1))
	}()
	ed448D = new(big.Int).Sub(p448, big.NewInt(39081))
	ed448L = func() *big.Int {
		l := new(big.Int).Lsh(big.NewInt(1), 446)
		c, _ := new(big.Int).SetString("13818066809895115352007386748515426880336692474882178609894547503885", 10)
		return l.Sub(l, c)
	}()
	ed448B = func() ed448Point {
		x, _ := new(big.Int).SetString("224580040295924300187604334099896036246789641632564134246125461686950415467406032909029192869357953282578032075146446173674602635247710", 10)
		y, _ := new(big.Int).SetString("298819210078481492676017930443930673437544040154080242095928241372331506189835876003536878655418784733982303233503462500531545062832660", 10)
		return ed448Point{x, y, big.NewInt(1)}
	}()
)

func leInt(b []byte) *big.Int {
	r := make([]byte, len(b))
	for i, x := range b {
		r[len(b)-1-i] = x
	}
	return new(big.Int).SetBytes(r)
}

func leBytes(x *big.Int, n int) []byte {
	out := x.FillBytes(make([]byte, n))
	for i, j := 0, n-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

func fmul(a, b *big.Int) *big.Int { return new(big.Int).Mod(new(big.Int).Mul(a, b), p448) }
func fadd(a, b *big.Int) *big.Int { return new(big.Int).Mod(new(big.Int).Add(a, b), p448) }
func fsub(a, b *big.Int) *big.Int { return new(big.Int).Mod(new(big.Int).Sub(a, b), p448) }

// x448 is the RFC 7748 X448 function of a 56-byte scalar and u-coordinate.
func x448(scalar, u []byte) []byte {
	k := append([]byte(nil), scalar...)
	k[0] &= 252
	k[55] |= 128
	kn := leInt(k)
	x1 := new(big.Int).Mod(leInt(u), p448)
	x2, z2 := big.NewInt(1), big.NewInt(0)
	x3, z3 := new(big.Int).Set(x1), big.NewInt(1)
	a24 := big.NewInt(39081)
	swap := uint(0)
	for t := 447; t >= 0; t-- {
		bit := kn.Bit(t)
		if swap^bit == 1 {
			x2, x3 = x3, x2
			z2, z3 = z3, z2
		}
		swap = bit
		a := fadd(x2, z2)
		aa := fmul(a, a)
		b := fsub(x2, z2)
		bb := fmul(b, b)
		e := fsub(aa, bb)
		c := fadd(x3, z3)
		d := fsub(x3, z3)
		da := fmul(d, a)
		cb := fmul(c, b)
		s := fadd(da, cb)
		x3 = fmul(s, s)
		df := fsub(da, cb)
		z3 = fmul(x1, fmul(df, df))
		x2 = fmul(aa, bb)
		z2 = fmul(e, fadd(aa, fmul(a24, e)))
	}
	if swap == 1 {
		x2, z2 = x3, z3
	}
	inv := new(big.Int).Exp(z2, new(big.Int).Sub(p448, big.NewInt(2)), p448)
	return leBytes(fmul(x2, inv), 56)
}

// x448Base is the X448 public key of a private scalar.
func x448Base(scalar []byte) []byte {
	u := make([]byte, 56)
	u[0] = 5
	return x448(scalar, u)
}

// ed448Point is a point in projective coordinates (X:Y:Z).
type ed448Point struct{ x, y, z *big.Int }

func (p ed448Point) add(q ed448Point) ed448Point {
	a := fmul(p.z, q.z)
	b := fmul(a, a)
	c := fmul(p.x, q.x)
	d := fmul(p.y, q.y)
	e := fmul(ed448D, fmul(c, d))
	f := fsub(b, e)
	g := fadd(b, e)
	h := fmul(fadd(p.x, p.y), fadd(q.x, q.y))
	return ed448Point{
		x: fmul(a, fmul(f, fsub(fsub(h, c), d))),
		y: fmul(a, fmul(g, fsub(d, c))),
		z: fmul(f, g),
	}
}

func (p ed448Point) mul(k *big.Int) ed448Point {
	r := ed448Point{big.NewInt(0), big.NewInt(1), big.NewInt(1)}
	for i := k.BitLen() - 1; i >= 0; i-- {
		r = r.add(r)
		if k.Bit(i) == 1 {
			r = r.add(p)
		}
	}
	return r
}

func (p ed448Point) equal(q ed448Point) bool {
	return fmul(p.x, q.z).Cmp(fmul(q.x, p.z)) == 0 && fmul(p.y, q.z).Cmp(fmul(q.y, p.z)) == 0
}

func (p ed448Point) encode() []byte {
	zi := new(big.Int).ModInverse(p.z, p448)
	x, y := fmul(p.x, zi), fmul(p.y, zi)
	out := leBytes(y, 57)
	out[56] |= byte(x.Bit(0)) << 7
	return out
}

func ed448Decode(b []byte) (ed448Point, bool) {
	if len(b) != 57 || b[56]&0x7F != 0 {
		return ed448Point{}, false
	}
	x0 := uint(b[56] >> 7)
	yb := append([]byte(nil), b...)
	yb[56] = 0
	y := leInt(yb)
	if y.Cmp(p448) >= 0 {
		return ed448Point{}, false
	}
	yy := fmul(y, y)
	u := fsub(yy, big.NewInt(1))
	v := fsub(fmul(ed448D, yy), big.NewInt(1))
	// x = u^3 v (u^5 v^3)^((p-3)/4)
	u3v := fmul(fmul(fmul(u, u), u), v)
	u5v3 := fmul(fmul(u3v, fmul(u, u)), fmul(v, v))
	e := new(big.Int).Rsh(new(big.Int).Sub(p448, big.NewInt(3)), 2)
	x := fmul(u3v, new(big.Int).Exp(u5v3, e, p448))
	if fmul(v, fmul(x, x)).Cmp(u) != 0 {
		return ed448Point{}, false
	}
	if x.Sign() == 0 && x0 == 1 {
		return ed448Point{}, false
	}
	if x.Bit(0) != x0 {
		x = fsub(big.NewInt(0), x)
	}
	return ed448Point{x, y, big.NewInt(1)}, true
}

func shake114(parts ...[]byte) []byte {
	h := sha3.NewSHAKE256()
	for _, p := range parts {
		h.Write(p)
	}
	out := make([]byte, 114)
	h.Read(out)
	return out
}

// dom4 for plain Ed448 (no pre-hash, empty context).
var ed448Dom = []byte("SigEd448\x00\x00")

func ed448Expand(seed []byte) (*big.Int, []byte) {
	h := shake114(seed)
	s := append([]byte(nil), h[:57]...)
	s[0] &= 252
	s[55] |= 128
	s[56] = 0
	return leInt(s), h[57:]
}

func ed448Public(seed []byte) []byte {
	s, _ := ed448Expand(seed)
	return ed448B.mul(s).encode()
}

func ed448Sign(seed, msg []byte) []byte {
	s, prefix := ed448Expand(seed)
	pub := ed448B.mul(s).encode()
	r := new(big.Int).Mod(leInt(shake114(ed448Dom, prefix, msg)), ed448L)
	rEnc := ed448B.mul(r).encode()
	k := new(big.Int).Mod(leInt(shake114(ed448Dom, rEnc, pub, msg)), ed448L)
	sv := new(big.Int).Mod(new(big.Int).Add(r, new(big.Int).Mul(k, s)), ed448L)
	return append(rEnc, leBytes(sv, 57)...)
}

func ed448Verify(pub, msg, sig []byte) bool {
	if len(sig) != 114 || len(pub) != 57 {
		return false
	}
	a, ok := ed448Decode(pub)
	if !ok {
		return false
	}
	r, ok := ed448Decode(sig[:57])
	if !ok {
		return false
	}
	s := leInt(sig[57:])
	if s.Cmp(ed448L) >= 0 {
		return false
	}
	k := new(big.Int).Mod(leInt(shake114(ed448Dom, sig[:57], pub, msg)), ed448L)
	four := big.NewInt(4)
	lhs := ed448B.mul(s).mul(four)
	rhs := r.add(a.mul(k)).mul(four)
	return lhs.equal(rhs)
}
