package diff

import "sort"

// opKind is one step of an edit script turning sequence a into sequence b.
type opKind uint8

const (
	opEqual  opKind = iota // a[i] == b[j]; advance both
	opDelete               // a[i] is not in b; advance a
	opInsert               // b[j] is not in a; advance b
)

// Bounds of the sequence diff. See diffSeq.
const (
	// MaxExactEdits caps the edit distance (deletions plus insertions,
	// after the common prefix and suffix are removed) that the exact Myers
	// diff searches for. Its cost is O((N+M)·D) time and O(D²) memory, so
	// the cap bounds an exact diff at about (N+M)·1000 steps and 1M ints.
	MaxExactEdits = 1000
	// gapMaxEdits caps the Myers search in each gap between anchors of the
	// approximate diff: O(gap·64) per gap, O((N+M)·64) overall.
	gapMaxEdits = 64
	// maxAnchorDepth bounds the recursion of the anchored diff.
	maxAnchorDepth = 8
)

// diffSeq returns an edit script from a to b. Elements are interned ids,
// compared with ==. Unless approx is requested it first tries an exact,
// minimal Myers diff capped at MaxExactEdits; when the cap is exceeded, or
// approx is requested, it falls back to anchored, which is O((N+M)·log N +
// (N+M)·gapMaxEdits) and correct (applying it turns a into b) but not
// necessarily minimal. The second result reports that the fallback ran.
func diffSeq(a, b []int, approx bool) ([]opKind, bool) {
	pre, suf := commonEnds(a, b)
	ops := make([]opKind, 0, len(a)+len(b)-pre-suf)
	ops = appendN(ops, opEqual, pre)
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	used := approx
	if !approx {
		mid, ok := myers(ma, mb, MaxExactEdits)
		if ok {
			ops = append(ops, mid...)
		} else {
			used = true
		}
	}
	if used {
		ops = anchored(ops, ma, mb, 0)
	}
	return appendN(ops, opEqual, suf), used
}

// commonEnds returns the lengths of the common prefix and, of the rest, the
// common suffix of a and b.
func commonEnds(a, b []int) (pre, suf int) {
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	return pre, suf
}

func appendN(ops []opKind, k opKind, n int) []opKind {
	for range n {
		ops = append(ops, k)
	}
	return ops
}

// myers is Myers' O((N+M)·D) greedy diff ("An O(ND) Difference Algorithm
// and Its Variations", 1986). It gives up, returning false, when the edit
// distance exceeds maxD. The trace keeps for each d only the diagonals
// -d+1..d-1 that the backtrack reads, O(D²) ints in all.
func myers(a, b []int, maxD int) ([]opKind, bool) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return appendN(appendN(nil, opDelete, n), opInsert, m), true
	}
	maxD = min(maxD, n+m)
	off := maxD + 1
	v := make([]int, 2*maxD+3) // v[off+k] = furthest x on diagonal k
	trace := make([][]int, 0, 16)
	for d := 0; d <= maxD; d++ {
		// The state before round d, for diagonals -(d-1)..d-1.
		if d == 0 {
			trace = append(trace, nil)
		} else {
			trace = append(trace, append([]int(nil), v[off-d+1:off+d]...))
		}
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: insertion
			} else {
				x = v[off+k-1] + 1 // right: deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(trace, n, m, d), true
			}
		}
	}
	return nil, false
}

// backtrack walks the trace of myers from (n, m) back to (0, 0).
func backtrack(trace [][]int, n, m, dEnd int) []opKind {
	ops := make([]opKind, 0, n+m)
	x, y := n, m
	for d := dEnd; d > 0; d-- {
		prev := trace[d] // diagonals -(d-1)..d-1 at index k+d-1
		at := func(k int) int { return prev[k+d-1] }
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		for x > px && y > py {
			ops = append(ops, opEqual)
			x--
			y--
		}
		if x == px {
			ops = append(ops, opInsert)
		} else {
			ops = append(ops, opDelete)
		}
		x, y = px, py
	}
	for ; x > 0; x-- {
		ops = append(ops, opEqual)
	}
	for i, j := 0, len(ops)-1; i < j; i, j = i+1, j-1 {
		ops[i], ops[j] = ops[j], ops[i]
	}
	return ops
}

// anchored appends to ops an edit script from a to b in the manner of
// patience diff: elements that occur exactly once in each side are
// matched, the longest increasing run of those matches becomes fixed
// anchors, and each gap between anchors is diffed with a small capped
// Myers, recursively anchored (up to maxAnchorDepth), or, failing both,
// replaced wholesale (all of a's gap deleted, all of b's inserted).
func anchored(ops []opKind, a, b []int, depth int) []opKind {
	pre, suf := commonEnds(a, b)
	ops = appendN(ops, opEqual, pre)
	a, b = a[pre:len(a)-suf], b[pre:len(b)-suf]
	if mid, ok := myers(a, b, gapMaxEdits); ok {
		ops = append(ops, mid...)
		return appendN(ops, opEqual, suf)
	}
	var anchors [][2]int
	if depth < maxAnchorDepth {
		anchors = uniqueAnchors(a, b)
	}
	if len(anchors) == 0 {
		ops = appendN(ops, opDelete, len(a))
		ops = appendN(ops, opInsert, len(b))
		return appendN(ops, opEqual, suf)
	}
	i, j := 0, 0
	for _, an := range anchors {
		ops = anchored(ops, a[i:an[0]], b[j:an[1]], depth+1)
		ops = append(ops, opEqual)
		i, j = an[0]+1, an[1]+1
	}
	ops = anchored(ops, a[i:], b[j:], depth+1)
	return appendN(ops, opEqual, suf)
}

// uniqueAnchors returns the pairs (i, j) with a[i] == b[j] where the value
// occurs once in a and once in b, reduced to a longest subsequence
// increasing in both i and j (patience sorting, O(K log K)).
func uniqueAnchors(a, b []int) [][2]int {
	type seen struct{ na, nb, ia, ib int }
	counts := make(map[int]*seen, len(a))
	for i, x := range a {
		s := counts[x]
		if s == nil {
			s = &seen{}
			counts[x] = s
		}
		s.na++
		s.ia = i
	}
	for j, x := range b {
		if s := counts[x]; s != nil {
			s.nb++
			s.ib = j
		}
	}
	var pairs [][2]int
	for i, x := range a {
		if s := counts[x]; s.na == 1 && s.nb == 1 {
			pairs = append(pairs, [2]int{i, s.ib})
		}
	}
	if len(pairs) == 0 {
		return nil
	}
	// Longest increasing subsequence of pairs[*][1].
	tails := []int{}                // tails[l] = index in pairs of the smallest tail of a run of length l+1
	prev := make([]int, len(pairs)) // predecessor in the run
	for p := range pairs {
		l := sort.Search(len(tails), func(t int) bool { return pairs[tails[t]][1] >= pairs[p][1] })
		if l > 0 {
			prev[p] = tails[l-1]
		} else {
			prev[p] = -1
		}
		if l == len(tails) {
			tails = append(tails, p)
		} else {
			tails[l] = p
		}
	}
	out := make([][2]int, len(tails))
	for p, l := tails[len(tails)-1], len(tails)-1; l >= 0; p, l = prev[p], l-1 {
		out[l] = pairs[p]
	}
	return out
}
