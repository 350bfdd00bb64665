//go:build desktop || dev

package main

// openWindow opens the desktop window in this process: this build links
// GTK and WebKit.
func openWindow() error { return runWindow() }
