//go:build !desktop && !dev

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// windowProgram is the desktop build of this program (`make build` puts
// it beside this one). The headless build links neither GTK nor WebKit,
// which halves `edgeplay serve`'s memory (those libraries cost about
// 45 MiB of RSS once loaded, window or not) and speeds its start.
const windowProgram = "edgeplay-window"

// openWindow replaces this process with the desktop build, with the same
// arguments and environment.
func openWindow() error {
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find this program to locate %s: %w", windowProgram, err)
	}
	window := filepath.Join(filepath.Dir(self), windowProgram)
	if _, err := os.Stat(window); err != nil {
		return fmt.Errorf("the window is the program %s, which `make build` builds beside this one: %w", window, err)
	}
	if err := syscall.Exec(window, append([]string{window}, os.Args[1:]...), os.Environ()); err != nil {
		return fmt.Errorf("start the window (%s): %w", window, err)
	}
	return nil
}
