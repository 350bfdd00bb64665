// Package examples embeds Edgeplay's built-in workspace: the seed's Edge API
// Route examples as pages/api handlers, ready to be served or copied to disk.
package examples

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

//go:embed edgeplay.json tsconfig.json all:pages
var files embed.FS

// FS returns the built-in workspace as a read-only file system.
func FS() fs.FS { return files }

// Extract writes the built-in workspace into dir, creating it if needed.
// Existing files are left untouched unless overwrite is true, so a user's
// edits to an extracted copy survive the next start.
func Extract(dir string, overwrite bool) error {
	return fs.WalkDir(files, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(path))
		if d.IsDir() {
			if err := os.MkdirAll(target, 0o755); err != nil {
				return fmt.Errorf("extract examples: %w", err)
			}
			return nil
		}
		if !overwrite {
			if _, err := os.Stat(target); err == nil {
				return nil
			}
		}
		data, err := files.ReadFile(path)
		if err != nil {
			return fmt.Errorf("extract examples: read %s: %w", path, err)
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			return fmt.Errorf("extract examples: %w", err)
		}
		return nil
	})
}
