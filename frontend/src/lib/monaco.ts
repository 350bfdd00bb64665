// Monaco, bundled locally: the ESM build plus its editor and TypeScript
// workers, built by Vite (`?worker`). Nothing is fetched from the network.

import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker';
import edgeOptions from './edge-compiler-options.json';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    if (label === 'typescript' || label === 'javascript') return new TsWorker();
    return new EditorWorker();
  },
};

const ts = monaco.typescript;

// What a Next.js Edge API route compiles against: modern JS and the Web
// APIs of a worker (no DOM, no Node.js types: R-RT-1, R-RT-2), plus the
// declarations Go hands us (next/server, the Edge Runtime's globals).
ts.typescriptDefaults.setCompilerOptions({
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.NodeJs,
  lib: edgeOptions.lib,
  strict: edgeOptions.strict,
  esModuleInterop: edgeOptions.esModuleInterop,
  allowNonTsExtensions: true,
  isolatedModules: edgeOptions.isolatedModules,
  noEmit: edgeOptions.noEmit,
  types: edgeOptions.types,
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
