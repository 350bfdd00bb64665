package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	wailsruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"edgeplay/runtime/bundle"
	"edgeplay/store"
)

// windowConfig reads the window's settings from the environment (Wails owns
// the command-line flags in this mode): EDGEPLAY_WORKSPACE, EDGEPLAY_DB,
// EDGEPLAY_PORT, EDGEPLAY_CONFIG_DIR, EDGEPLAY_MODE, EDGEPLAY_EXAMPLES=1.
func windowConfig() (appConfig, error) {
	cfg := appConfig{Workspace: os.Getenv("EDGEPLAY_WORKSPACE"), DBPath: os.Getenv("EDGEPLAY_DB"), ConfigDir: os.Getenv("EDGEPLAY_CONFIG_DIR")}
	if cfg.ConfigDir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return cfg, fmt.Errorf("find the config directory: %w (set EDGEPLAY_CONFIG_DIR)", err)
		}
		cfg.ConfigDir = filepath.Join(base, "edgeplay")
	}
	if cfg.DBPath == "" {
		p, err := store.DefaultPath()
		if err != nil {
			return cfg, err
		}
		cfg.DBPath = p
	}
	cfg.Examples = os.Getenv("EDGEPLAY_EXAMPLES") == "1"
	if p := os.Getenv("EDGEPLAY_PORT"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 65535 {
			return cfg, fmt.Errorf("EDGEPLAY_PORT=%q is not a port number", p)
		}
		cfg.Port = n
	}
	if m := os.Getenv("EDGEPLAY_MODE"); m != "" {
		mode, err := bundle.ParseMode(m)
		if err != nil {
			return cfg, fmt.Errorf("EDGEPLAY_MODE: %w", err)
		}
		cfg.Mode = mode
	}
	return cfg, nil
}

// runWindow opens the desktop window. Only this file imports Wails.
func runWindow() error {
	if runtime.GOOS == "linux" && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errors.New("no display: use `edgeplay serve` for headless mode or run under xvfb-run")
	}
	cfg, err := windowConfig()
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	app, err := NewApp(context.Background(), cfg, logger)
	if err != nil {
		return err
	}
	defer app.shutdown()
	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		return fmt.Errorf("frontend assets: %w", err)
	}
	state, _ := app.State()
	fmt.Fprintf(os.Stderr, "edgeplay: edge server at %s\n", state.ServerURL)
	return wails.Run(&options.App{
		Title:            "Edgeplay",
		Width:            1400,
		Height:           900,
		MinWidth:         900,
		MinHeight:        600,
		BackgroundColour: &options.RGBA{R: 15, G: 17, B: 21, A: 255},
		AssetServer:      &assetserver.Options{Assets: dist},
		OnStartup: func(ctx context.Context) {
			app.setEmitter(func(name string, data any) { wailsruntime.EventsEmit(ctx, name, data) })
			app.chooseDir = func() (string, error) {
				return wailsruntime.OpenDirectoryDialog(ctx, wailsruntime.OpenDialogOptions{Title: "Open a Next.js project"})
			}
			harFilter := []wailsruntime.FileFilter{{DisplayName: "HAR files (*.har)", Pattern: "*.har"}}
			app.chooseSaveFile = func(name string) (string, error) {
				return wailsruntime.SaveFileDialog(ctx, wailsruntime.SaveDialogOptions{Title: "Export history as HAR", DefaultFilename: name, Filters: harFilter})
			}
			app.chooseOpenFile = func() (string, error) {
				return wailsruntime.OpenFileDialog(ctx, wailsruntime.OpenDialogOptions{Title: "Import a HAR file", Filters: harFilter})
			}
		},
		Bind: []any{app},
	})
}
