package bundle

import (
	"strings"
	"testing"
)

// TestRegionIDsAreChecked: config.regions (and an App Router handler's
// preferredRegion) accept R-REGION-1's ids and 'all', 'home', 'auto'; any
// other id fails the build at the config, listing the valid values.
func TestRegionIDsAreChecked(t *testing.T) {
	for _, tc := range []struct {
		name, file, src string
		wantErr         string
	}{
		{"known ids", "pages/api/r.ts", "export const config = { runtime: 'edge', regions: ['sfo1', 'fra1'] }\nexport default () => new Response('x')\n", ""},
		{"keyword", "pages/api/r.ts", "export const config = { runtime: 'edge', regions: 'home' }\nexport default () => new Response('x')\n", ""},
		{"unknown id", "pages/api/r.ts", "export const config = {\n  runtime: 'edge',\n  regions: ['sfo1', 'mars1'],\n}\nexport default () => new Response('x')\n",
			`pages/api/r.ts:3:2: error: config.regions: "mars1" is not a Vercel region id (R-REGION-1). Use one of arn1 (Stockholm),`},
		{"wrong case", "pages/api/r.ts", "export const config = { runtime: 'edge', regions: ['SFO1'] }\nexport default () => new Response('x')\n", `"SFO1" is not a Vercel region id`},
		{"preferredRegion", "app/x/route.ts", "export const runtime = 'edge'\nexport const preferredRegion = 'moon1'\nexport const GET = () => new Response('x')\n", `preferredRegion: "moon1" is not a Vercel region id`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{tc.file: tc.src})
			res := Build(Options{Dir: dir, Entry: tc.file, AppRoute: strings.HasPrefix(tc.file, "app/")})
			var all []string
			for _, p := range res.Problems {
				all = append(all, p.String())
			}
			text := strings.Join(all, "\n")
			if tc.wantErr == "" {
				if res.Failed() {
					t.Errorf("build failed:\n%s", text)
				}
				return
			}
			if !res.Failed() || !strings.Contains(text, tc.wantErr) || !strings.Contains(text, "yul1 (Montréal), or 'all', 'home', 'auto'") {
				t.Errorf("problems:\n%s\nwant an error containing %q and the valid ids", text, tc.wantErr)
			}
		})
	}
}
