import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// Edgeplay edits TypeScript only: Monaco's CSS/HTML/JSON language services
// (and the 2+ MB of workers they pull in) are replaced by empty modules.
// Their syntax colouring stays; only completions/validation for them go.
function monacoTypeScriptOnly(): Plugin {
  const unused = /monaco-editor\/esm\/vs\/languages\/features\/(css|html|json)\/register\.js$/;
  return {
    name: 'edgeplay-monaco-typescript-only',
    enforce: 'pre',
    load(id) {
      return unused.test(id.replace(/\\/g, '/')) ? 'export {};' : null;
    },
  };
}

// The Go binary embeds frontend/dist (//go:embed all:frontend/dist) and serves
// it from its own asset server, so every asset URL is relative.
export default defineConfig({
  base: './',
  plugins: [monacoTypeScriptOnly(), react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // Monaco and its TypeScript worker are large by nature; they load from disk.
    chunkSizeWarningLimit: 8000,
  },
});
