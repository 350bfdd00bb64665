package bundle

import (
	"crypto/rand"
	"encoding/base64"
	"strings"
	"testing"
)

// TestCodeSizeLimit checks R-RT-6's compiled code size per plan: 1 MB
// gzip'd on Hobby, 2 MB on Pro; an error in production, a warning in
// development.
func TestCodeSizeLimit(t *testing.T) {
	noise := make([]byte, 1500<<10) // incompressible: gzip'd it stays ~1.5 MB
	if _, err := rand.Read(noise); err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{
		"pages/api/big.ts":   "import blob from '../../lib/blob'\nexport const config = { runtime: 'edge' }\nexport default () => new Response(blob.slice(0, 10))\n",
		"lib/blob.ts":        "export default '" + base64.StdEncoding.EncodeToString(noise) + "'\n",
		"pages/api/small.ts": "export const config = { runtime: 'edge' }\nexport default () => new Response('x')\n",
	})
	tests := []struct {
		entry string
		plan  Plan
		mode  Mode
		want  string // "", "error" or "warning"
	}{
		{"pages/api/big.ts", "", Production, "error"},
		{"pages/api/big.ts", Hobby, Development, "warning"},
		{"pages/api/big.ts", Pro, Production, ""},
		{"pages/api/small.ts", Hobby, Production, ""},
	}
	for _, tt := range tests {
		res := Build(Options{Dir: dir, Entry: tt.entry, Mode: tt.mode, Plan: tt.plan})
		var got string
		for _, p := range res.Problems {
			if strings.Contains(p.Message, "size limit") {
				got = string(p.Severity)
				if !strings.Contains(p.Message, `"pages/api/big" size is 1.`) || !strings.Contains(p.Message, "size limit is 1.00 MB") {
					t.Errorf("message: %s", p.Message)
				}
			}
		}
		if got != tt.want {
			t.Errorf("%s plan %q %s: problem %q, want %q (%v)", tt.entry, tt.plan, tt.mode, got, tt.want, res.Problems)
		}
		if tt.want == "error" != (res.Code == "") {
			t.Errorf("%s plan %q %s: code kept = %v", tt.entry, tt.plan, tt.mode, res.Code != "")
		}
		if tt.entry == "pages/api/big.ts" && (res.GzipSize < 1<<20 || res.GzipSize > 2<<20) {
			t.Errorf("GzipSize = %d", res.GzipSize)
		}
	}
}
