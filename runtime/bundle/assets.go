package bundle

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"
)

// AssetURLPrefix starts the URL an asset reference becomes: `new
// URL('./font.ttf', import.meta.url)` is the URL "blob:font.<hash>.ttf",
// and fetch of it answers with the file's bytes (R-MOD-1), as in Next.js's
// edge build (its sandbox's fetch serves blob:<asset name>).
const AssetURLPrefix = "blob:"

// relativeURL makes the URL object the reference becomes, as webpack makes
// it (its RelativeURL: an object with URL.prototype whose href and
// pathname are the whole string and whose protocol and origin are empty,
// observed on Next.js 15.5 by test/nextjs-diff). One line, so the
// module's lines keep their numbers.
const relativeURL = `(function (u) { var r = new URL(u, "x:/"), v = {}, o = Object.create(URL.prototype); for (var k in r) v[k] = r[k]; ` +
	`v.href = u; v.pathname = u.replace(/[?#].*/, ""); v.origin = v.protocol = ""; v.toString = v.toJSON = function () { return u; }; ` +
	`for (var k2 in v) Object.defineProperty(o, k2, { enumerable: true, configurable: true, value: v[k2] }); return o; })`

// assetRef matches the one form of asset reference an edge build
// understands: a string literal relative to the module, and import.meta.url.
// (Spaces only, no line breaks, so the module's lines keep their numbers.)
var assetRef = regexp.MustCompile(`new[ \t]+URL\([ \t]*(['"])([^'"\n]+)['"][ \t]*,[ \t]*import\.meta\.url[ \t]*\)`)

// assets collects the files a route references as assets.
type assets struct {
	mu     sync.Mutex
	byName map[string][]byte
	files  []string
}

func (a *assets) plugin() api.Plugin {
	return api.Plugin{
		Name: "edgeplay-assets",
		Setup: func(b api.PluginBuild) {
			b.OnLoad(api.OnLoadOptions{Filter: `\.(m?[jt]sx?|cjs|cts|mts)$`, Namespace: "file"}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				src, err := os.ReadFile(args.Path)
				if err != nil || !strings.Contains(string(src), "import.meta.url") {
					return api.OnLoadResult{}, nil // esbuild loads it as usual
				}
				var problem error
				text := string(src)
				out := replaceAssetRefs(text, func(m string) string {
					rel := assetRef.FindStringSubmatch(m)[2]
					if !strings.HasPrefix(rel, "./") && !strings.HasPrefix(rel, "../") {
						return m // not a module-relative file
					}
					p := filepath.Join(filepath.Dir(args.Path), filepath.FromSlash(rel))
					data, err := os.ReadFile(p)
					if err != nil {
						problem = fmt.Errorf("asset %q referenced with new URL(…, import.meta.url) cannot be read: %w", rel, err)
						return m
					}
					sum := sha256.Sum256(data)
					name := strings.TrimSuffix(path.Base(filepath.ToSlash(p)), path.Ext(p)) + "." + hex.EncodeToString(sum[:8]) + path.Ext(p)
					a.mu.Lock()
					if a.byName == nil {
						a.byName = map[string][]byte{}
					}
					a.byName[name] = data
					a.files = append(a.files, p)
					a.mu.Unlock()
					return relativeURL + "(" + strconv.Quote(AssetURLPrefix+name) + ")"
				})
				if problem != nil {
					return api.OnLoadResult{}, problem
				}
				return api.OnLoadResult{Contents: &out, Loader: loaderFor(args.Path), ResolveDir: filepath.Dir(args.Path)}, nil
			})
		},
	}
}

// replaceAssetRefs replaces the asset references of src with repl's
// answer, leaving those in line comments alone.
func replaceAssetRefs(src string, repl func(string) string) string {
	var b strings.Builder
	last := 0
	for _, loc := range assetRef.FindAllStringIndex(src, -1) {
		lineStart := strings.LastIndexByte(src[:loc[0]], '\n') + 1
		b.WriteString(src[last:loc[0]])
		if strings.Contains(src[lineStart:loc[0]], "//") {
			b.WriteString(src[loc[0]:loc[1]])
		} else {
			b.WriteString(repl(src[loc[0]:loc[1]]))
		}
		last = loc[1]
	}
	b.WriteString(src[last:])
	return b.String()
}
