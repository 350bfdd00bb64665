// Package workspace describes a Next.js project opened in Edgeplay: where its
// API routes live and the optional compatibility settings in edgeplay.json
// (SPEC §9).
package workspace

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"edgeplay/runtime/netsim"
)

// ConfigFile is the name of the workspace's optional settings file.
const ConfigFile = "edgeplay.json"

// Config holds the settings read from edgeplay.json.
type Config struct {
	// Next is the Next.js major version whose behaviour is emulated (13–16, default 15).
	Next int
	// Origins maps an outbound origin (scheme://host[:port]) to the origin that
	// fetch really contacts, so handlers written for remote backends run offline.
	Origins map[string]string
	// Plan is the Vercel plan the code size limit follows (R-RT-6):
	// "hobby" (the default), "pro" or "enterprise".
	Plan string
	// Isolates is the most isolates each route runs at once, so that many
	// requests to it run in parallel (1–64; 0 means the server's default).
	Isolates int
	// CPULimit is the JavaScript time a request may use (R-RT-6;
	// Edgeplay's own limit; 0 means the default, 10 s).
	CPULimit time.Duration
	// ClientLocation and DataLocation place the Vercel simulation's client
	// (a city, a region id or "LAT,LON") and data source (a region id, a
	// city or "LAT,LON") (issue 8, R-REGION-2, R-REGION-3); empty means the
	// default, the home region. They are checked when read.
	ClientLocation string
	DataLocation   string
}

// Workspace is an opened project directory.
type Workspace struct {
	// Dir is the absolute path of the project root.
	Dir string
	// PagesDir is the workspace-relative directory holding pages ("pages" or "src/pages").
	PagesDir string
	// AppDir is the workspace-relative directory of the App Router ("app"
	// or "src/app"), whose route handlers are routes too (R-ROUTE-6).
	AppDir string
	// Config is the parsed edgeplay.json (defaults when absent).
	Config Config
}

// acceptedKeys lists the edgeplay.json keys this version understands.
var acceptedKeys = []string{"clientLocation", "cpuLimit", "dataLocation", "isolates", "next", "origins", "plan"}

// Open reads the workspace at dir. A missing edgeplay.json is not an error;
// a malformed one is, with the file, the key and the accepted values named.
func Open(dir string) (*Workspace, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open workspace %s: %w", dir, err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("open workspace: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("open workspace: %s is not a directory", abs)
	}
	ws := &Workspace{Dir: abs, PagesDir: sourceDir(abs, "pages"), AppDir: sourceDir(abs, "app"), Config: Config{Next: 15, Origins: map[string]string{}, Plan: "hobby"}}
	data, err := os.ReadFile(filepath.Join(abs, ConfigFile))
	switch {
	case errors.Is(err, os.ErrNotExist):
		return ws, nil
	case err != nil:
		return nil, fmt.Errorf("open workspace: %w", err)
	}
	cfg, err := ParseConfig(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(abs, ConfigFile), err)
	}
	ws.Config = cfg
	return ws, nil
}

// sourceDir applies Next's rule for the pages and app directories: at the
// root, else under src/ (R-ROUTE-1).
func sourceDir(root, name string) string {
	if st, err := os.Stat(filepath.Join(root, name)); err == nil && st.IsDir() {
		return name
	}
	if st, err := os.Stat(filepath.Join(root, "src", name)); err == nil && st.IsDir() {
		return "src/" + name
	}
	return name
}

// APIDir is the absolute path of the pages/api directory.
func (w *Workspace) APIDir() string {
	return filepath.Join(w.Dir, filepath.FromSlash(w.PagesDir), "api")
}

// Abs resolves a workspace-relative slash path and refuses paths that leave
// the workspace (".." or absolute paths), so UI file operations stay inside it.
func (w *Workspace) Abs(rel string) (string, error) {
	if rel == "" || filepath.IsAbs(rel) || strings.HasPrefix(rel, "/") {
		return "", fmt.Errorf("path %q must be relative to the workspace", rel)
	}
	clean := filepath.Clean(filepath.FromSlash(rel))
	if clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("path %q leaves the workspace", rel)
	}
	abs := filepath.Join(w.Dir, clean)
	// Refuse symlink escapes: resolve the nearest existing ancestor (the
	// path itself when it exists) and check it is still inside the root.
	root, err := filepath.EvalSymlinks(w.Dir)
	if err != nil {
		return "", fmt.Errorf("resolve workspace %s: %w", w.Dir, err)
	}
	for probe := abs; ; probe = filepath.Dir(probe) {
		real, err := filepath.EvalSymlinks(probe)
		if err == nil {
			if real != root && !strings.HasPrefix(real, root+string(filepath.Separator)) {
				return "", fmt.Errorf("path %q resolves outside the workspace (symlink)", rel)
			}
			break
		}
		if probe == w.Dir || probe == filepath.Dir(probe) {
			break
		}
	}
	return abs, nil
}

// Rel turns an absolute path inside the workspace into a slash path.
func (w *Workspace) Rel(abs string) string {
	rel, err := filepath.Rel(w.Dir, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// ParseConfig parses and validates the contents of edgeplay.json.
func ParseConfig(data []byte) (Config, error) {
	cfg := Config{Next: 15, Origins: map[string]string{}, Plan: "hobby"}
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&raw); err != nil {
		return cfg, fmt.Errorf("not valid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return cfg, errors.New("not valid JSON: unexpected data after the top-level object")
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		value := raw[key]
		switch key {
		case "clientLocation", "dataLocation":
			var text string
			if err := json.Unmarshal(value, &text); err != nil || strings.TrimSpace(text) == "" {
				return cfg, fmt.Errorf(`key %q: %s is not a location: write a city ("Tokyo"), a region id ("hnd1") or "LAT,LON"`, key, value)
			}
			var err error
			if key == "clientLocation" {
				_, err = netsim.ParseLocation(text)
				cfg.ClientLocation = text
			} else {
				_, err = netsim.ParseDataSource(text)
				cfg.DataLocation = text
			}
			if err != nil {
				return cfg, fmt.Errorf("key %q: %w", key, err)
			}
		case "cpuLimit":
			var text string
			var d time.Duration
			err := json.Unmarshal(value, &text)
			if err == nil {
				d, err = time.ParseDuration(text)
			}
			if err != nil || d < 10*time.Millisecond || d > 5*time.Minute {
				return cfg, fmt.Errorf(`key %q: %s is not a duration between "10ms" and "5m" (e.g. "10s", "500ms")`, key, value)
			}
			cfg.CPULimit = d
		case "isolates":
			if err := json.Unmarshal(value, &cfg.Isolates); err != nil || cfg.Isolates < 1 || cfg.Isolates > 64 {
				return cfg, fmt.Errorf("key %q: %s is not a whole number of isolates per route from 1 to 64", key, value)
			}
		case "next":
			if err := json.Unmarshal(value, &cfg.Next); err != nil || cfg.Next < 13 || cfg.Next > 16 {
				return cfg, fmt.Errorf("key %q: %s is not a supported Next.js major version (accepted: 13, 14, 15, 16)", key, value)
			}
		case "origins":
			var origins map[string]string
			if err := json.Unmarshal(value, &origins); err != nil {
				return cfg, fmt.Errorf(`key "origins": must be an object mapping origins to origins, e.g. {"https://backend-api.com": "http://127.0.0.1:9000"}`)
			}
			for from, to := range origins {
				f, err := NormalizeOrigin(from)
				if err != nil {
					return cfg, fmt.Errorf("key \"origins\": %w", err)
				}
				t, err := NormalizeOrigin(to)
				if err != nil {
					return cfg, fmt.Errorf("key \"origins\" (value of %q): %w", from, err)
				}
				cfg.Origins[f] = t
			}
		case "plan":
			if err := json.Unmarshal(value, &cfg.Plan); err != nil || (cfg.Plan != "hobby" && cfg.Plan != "pro" && cfg.Plan != "enterprise") {
				return cfg, fmt.Errorf("key %q: %s is not a Vercel plan (accepted: \"hobby\", \"pro\", \"enterprise\")", key, value)
			}
		default:
			return cfg, fmt.Errorf("unknown key %q (accepted: %s)", key, strings.Join(acceptedKeys, ", "))
		}
	}
	return cfg, nil
}

// NormalizeOrigin validates an origin such as "https://backend-api.com" and
// returns it lower-cased without a trailing slash or default port.
func NormalizeOrigin(s string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%q is not an origin (expected scheme://host[:port], e.g. http://127.0.0.1:9000)", s)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("%q is not an origin: drop the path, query and credentials", s)
	}
	host := strings.ToLower(u.Host)
	if (u.Scheme == "http" && strings.HasSuffix(host, ":80")) || (u.Scheme == "https" && strings.HasSuffix(host, ":443")) {
		host = host[:strings.LastIndex(host, ":")]
	}
	return u.Scheme + "://" + host, nil
}
