package workspace

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// EnvFiles returns the environment files Next.js loads for mode, in
// priority order (the first file that defines a name wins, R-RT-4).
func EnvFiles(mode string) []string {
	return []string{".env." + mode + ".local", ".env.local", ".env." + mode, ".env"}
}

// LoadEnv reads the workspace's environment files for mode ("production"
// or "development") as Next.js does, expanding $VAR and ${VAR} references
// against the files' own values only: the host's environment is never
// visible to handlers (R-RT-4). A malformed line is an error naming the file
// and line.
func (w *Workspace) LoadEnv(mode string) (map[string]string, error) {
	env := map[string]string{}
	for _, name := range EnvFiles(mode) {
		data, err := os.ReadFile(filepath.Join(w.Dir, name))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		vars, err := ParseEnv(string(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for _, v := range vars {
			if _, set := env[v.Name]; !set {
				env[v.Name] = v.Value
			}
		}
	}
	expanded := make(map[string]string, len(env))
	for k, v := range env {
		// Quoted values expand too, single quotes included, as Next.js's
		// env loader does (observed on Next 15.5 by test/nextjs-diff).
		expanded[k] = expand(v, env, map[string]bool{k: true})
	}
	return expanded, nil
}

// EnvVar is one assignment in an environment file.
type EnvVar struct {
	Name, Value string
}

// ParseEnv parses dotenv syntax: NAME=value lines, an optional "export "
// prefix, # comments, and single, double or backtick quotes (double quotes
// understand \n, \r, \t, \" and \\; quoted values may span lines).
func ParseEnv(src string) ([]EnvVar, error) {
	var out []EnvVar
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		lineNo := i + 1
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		name, rest, ok := strings.Cut(line, "=")
		name = strings.TrimSpace(name)
		if !ok || !validEnvName(name) {
			return nil, fmt.Errorf("line %d: expected NAME=value, got %q", lineNo, lines[i])
		}
		rest = strings.TrimLeft(rest, " \t")
		if rest == "" {
			out = append(out, EnvVar{Name: name})
			continue
		}
		switch q := rest[0]; q {
		case '"', '\'', '`':
			body := rest[1:]
			for !strings.Contains(body, string(q)) {
				i++
				if i >= len(lines) {
					return nil, fmt.Errorf("line %d: the quoted value of %s is never closed", lineNo, name)
				}
				body += "\n" + lines[i]
			}
			value := body[:strings.Index(body, string(q))]
			if q == '"' {
				value = strings.NewReplacer(`\n`, "\n", `\r`, "\r", `\t`, "\t", `\"`, `"`, `\\`, `\`).Replace(value)
			}
			out = append(out, EnvVar{Name: name, Value: value})
		default:
			value := rest
			if i := strings.Index(value, " #"); i >= 0 {
				value = value[:i]
			}
			out = append(out, EnvVar{Name: name, Value: strings.TrimSpace(value)})
		}
	}
	return out, nil
}

func validEnvName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if !(c == '_' || c == '.' || c == '-' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// expand replaces $NAME, ${NAME} and ${NAME:-default} with values from env
// (recursively, guarding against cycles); "\$" stays a literal "$".
func expand(v string, env map[string]string, seen map[string]bool) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '\\' && i+1 < len(v) && v[i+1] == '$' {
			b.WriteByte('$')
			i++
			continue
		}
		if c != '$' || i+1 >= len(v) {
			b.WriteByte(c)
			continue
		}
		name, def, end := "", "", i+1
		if v[i+1] == '{' {
			closing := strings.IndexByte(v[i+2:], '}')
			if closing < 0 {
				b.WriteByte(c)
				continue
			}
			inner := v[i+2 : i+2+closing]
			name, def, _ = strings.Cut(inner, ":-")
			end = i + 2 + closing + 1
		} else {
			j := i + 1
			for j < len(v) && (v[j] == '_' || v[j] >= 'A' && v[j] <= 'Z' || v[j] >= 'a' && v[j] <= 'z' || v[j] >= '0' && v[j] <= '9') {
				j++
			}
			if j == i+1 {
				b.WriteByte(c)
				continue
			}
			name, end = v[i+1:j], j
		}
		val, ok := env[name]
		if ok && !seen[name] {
			next := map[string]bool{name: true}
			for k := range seen {
				next[k] = true
			}
			val = expand(val, env, next)
		}
		if !ok || val == "" {
			val = def
		}
		b.WriteString(val)
		i = end - 1
	}
	return b.String()
}
