// Monaco, bundled locally: the ESM build plus its editor and TypeScript
// workers, built by Vite (`?worker`). Nothing is fetched from the network.

import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    if (label === 'typescript' || label === 'javascript') return new TsWorker();
    return new EditorWorker();
  },
};

const ts = monaco.typescript;

// What a Next.js Edge API route compiles against: modern JS, DOM-style Web
// APIs, and the `next/server` declarations Go hands us.
ts.typescriptDefaults.setCompilerOptions({
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.NodeJs,
  lib: ['es2020', 'dom', 'dom.iterable'],
  strict: true,
  esModuleInterop: true,
  allowNonTsExtensions: true,
  isolatedModules: true,
  noEmit: true,
  jsx: ts.JsxEmit.Preserve,
});
ts.typescriptDefaults.setEagerModelSync(true);

monaco.editor.defineTheme('edgeplay-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: {
    'editor.background': '#16181d',
    'editorGutter.background': '#16181d',
    'editor.lineHighlightBackground': '#1f2229',
  },
});
monaco.editor.defineTheme('edgeplay-light', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: {
    'editor.background': '#ffffff',
  },
});

export type Theme = 'dark' | 'light';

export function setMonacoTheme(theme: Theme): void {
  monaco.editor.setTheme(theme === 'dark' ? 'edgeplay-dark' : 'edgeplay-light');
}

let extraLibs: monaco.IDisposable[] = [];

/** Replaces the extra type declarations (file name → .d.ts text). */
export function setTypeDeclarations(decls: Record<string, string>): void {
  for (const d of extraLibs) d.dispose();
  extraLibs = Object.entries(decls).map(([name, text]) =>
    ts.typescriptDefaults.addExtraLib(text, `file:///node_modules/@types/edgeplay/${name}`),
  );
}

/** The model URI of a workspace-relative file. */
export function fileUri(path: string): monaco.Uri {
  return monaco.Uri.from({ scheme: 'file', path: `/${path.replace(/^\/+/, '')}` });
}

/** Disposes every workspace file model (on a workspace change). */
export function disposeFileModels(): void {
  for (const m of monaco.editor.getModels()) {
    if (m.uri.scheme === 'file' && !m.uri.path.startsWith('/node_modules/')) m.dispose();
  }
}

export { monaco };
