import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorText, onEvent, type Problem, type RouteInfo } from '../api';
import { isModKey, onCommand, runCommand } from '../lib/commands';
import { disposeFileModels, fileUri, monaco, setTypeDeclarations } from '../lib/monaco';

type Editor = monaco.editor.IStandaloneCodeEditor;
type Model = monaco.editor.ITextModel;

let declarations: Promise<void> | undefined;

/** Loads Go's type declarations into Monaco once per app run. */
function loadDeclarations(): Promise<void> {
  declarations ??= api.typeDeclarations().then(setTypeDeclarations, (err: unknown) => {
    declarations = undefined; // let a later mount try again
    throw err;
  });
  return declarations;
}

const EDGE_FIX = "export const config = { runtime: 'edge' }";

interface Props {
  route: RouteInfo | undefined;
  onSaved: (r: RouteInfo) => void;
}

export function EditorPane({ route, onSaved }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<Editor>();
  const [model, setModel] = useState<Model>();
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState('');
  const [typesError, setTypesError] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState('');
  const [justSaved, setJustSaved] = useState(false);
  const [dirty, setDirty] = useState(false);
  // Per file: the model version that matches the file on disk, and where the
  // cursor and scroll were.
  const savedVersion = useRef(new Map<string, number>());
  const viewStates = useRef(new Map<string, monaco.editor.ICodeEditorViewState>());

  const file = route?.file;

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const ed = monaco.editor.create(host, {
      model: null,
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      fontFamily: "'JetBrains Mono', 'Fira Code', 'DejaVu Sans Mono', Menlo, Consolas, monospace",
      tabSize: 2,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      renderLineHighlight: 'all',
      padding: { top: 8 },
    });
    ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => runCommand('save'));
    ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => runCommand('send'));
    setEditor(ed);
    return () => {
      ed.dispose();
      // This pane is keyed by workspace: its files' models go with it.
      disposeFileModels();
      setEditor(undefined);
    };
  }, []);

  useEffect(() => {
    loadDeclarations().then(
      () => setTypesError(''),
      (err: unknown) => setTypesError(`Type declarations not loaded: ${errorText(err)}`),
    );
  }, []);

  // Show the selected route's file, reading it from Go the first time.
  useEffect(() => {
    if (!editor) return;
    setLoadError('');
    if (!file) {
      editor.setModel(null);
      setModel(undefined);
      return;
    }
    const show = (m: Model) => {
      const prev = editor.getModel();
      if (prev && prev !== m) {
        const vs = editor.saveViewState();
        if (vs) viewStates.current.set(prev.uri.path.slice(1), vs);
      }
      editor.setModel(m);
      const vs = viewStates.current.get(file);
      if (vs) editor.restoreViewState(vs);
      setModel(m);
    };
    const uri = fileUri(file);
    const existing = monaco.editor.getModel(uri);
    if (existing) {
      show(existing);
      return;
    }
    let cancelled = false;
    setLoading(true);
    api.readFile(file).then(
      (text) => {
        if (cancelled) return;
        const m = monaco.editor.getModel(uri) ?? monaco.editor.createModel(text, 'typescript', uri);
        savedVersion.current.set(file, m.getAlternativeVersionId());
        show(m);
        setLoading(false);
      },
      (err: unknown) => {
        if (cancelled) return;
        editor.setModel(null);
        setModel(undefined);
        setLoadError(`Could not read ${file}: ${errorText(err)}`);
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
      setLoading(false);
    };
  }, [editor, file]);

  // Track unsaved changes.
  useEffect(() => {
    if (!model || !file) {
      setDirty(false);
      return;
    }
    const check = () => setDirty(model.getAlternativeVersionId() !== savedVersion.current.get(file));
    check();
    const sub = model.onDidChangeContent(check);
    return () => sub.dispose();
  }, [model, file]);

  // Build problems of the route → editor markers.
  const problems = route?.problems ?? [];
  useEffect(() => {
    if (!model || !file) return;
    monaco.editor.setModelMarkers(model, 'edgeplay', problems.filter((p) => sameFile(p.file, file)).map((p) => toMarker(model, p)));
  }, [model, file, problems]);

  // A file changed on disk (routes:changed) and has no unsaved edits here:
  // show the new content, keeping undo history.
  useEffect(() => {
    if (!model || !file) return;
    return onEvent('routes:changed', () => {
      const version = model.getAlternativeVersionId();
      if (version !== savedVersion.current.get(file)) return; // unsaved edits win
      api.readFile(file).then(
        (text) => {
          if (model.isDisposed() || model.getAlternativeVersionId() !== version) return;
          if (text === model.getValue()) return;
          model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
          savedVersion.current.set(file, model.getAlternativeVersionId());
          setDirty(false);
        },
        (err: unknown) => setLoadError(`Could not reload ${file}: ${errorText(err)}`),
      );
    });
  }, [model, file]);

  const save = useCallback(async () => {
    if (!model || !file || saving) return;
    const version = model.getAlternativeVersionId();
    setSaving(true);
    setSaveError('');
    try {
      const r = await api.saveFile(file, model.getValue());
      savedVersion.current.set(file, version);
      setDirty(model.getAlternativeVersionId() !== version);
      setJustSaved(true);
      setTimeout(() => setJustSaved(false), 1500);
      onSaved(r);
    } catch (err) {
      setSaveError(`Save failed: ${errorText(err)}`);
    } finally {
      setSaving(false);
    }
  }, [model, file, saving, onSaved]);

  // Ctrl/Cmd+S: from Monaco (its command) or anywhere else in the window.
  useEffect(() => onCommand('save', () => void save()), [save]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !isModKey(e, 's')) return;
      e.preventDefault();
      runCommand('save');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const reveal = (p: Problem) => {
    if (!editor || !model || !file || !sameFile(p.file, file)) return;
    const line = clampLine(model, p.line);
    editor.revealLineInCenter(line);
    editor.setPosition({ lineNumber: line, column: byteColumnToUTF16(model.getLineContent(line), p.column) + 1 });
    editor.focus();
  };

  const nodeRuntime = route && (route.runtime === 'nodejs' || route.status === 'node-runtime');

  return (
    <section className="editor-pane">
      <div className="pane-header">
        <span className="file-path" title={file}>
          {file ?? 'No route selected'}
          {dirty && <span className="dirty-dot" data-testid="editor-dirty" title="Unsaved changes" aria-label="unsaved changes" />}
        </span>
        <div className="spacer" />
        {saveError && (
          <span className="error-text small ellipsis" role="alert" title={saveError}>
            {saveError}
          </span>
        )}
        {justSaved && !saveError && <span className="ok-text small">Saved</span>}
        <button className="primary" data-testid="save" onClick={() => void save()} disabled={!model || saving} title="Save (Ctrl+S)">
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
      {nodeRuntime && model && <NodeRuntimeBanner model={model} />}
      {typesError && <div className="banner error small">{typesError}</div>}
      <div className="editor-host-wrap">
        <div className="editor-host" ref={hostRef} data-testid="editor" />
        {!file && <div className="editor-overlay muted">Select a route on the left, or create one.</div>}
        {loading && <div className="editor-overlay muted">Loading {file}…</div>}
        {loadError && (
          <div className="editor-overlay error-text" role="alert">
            {loadError}
          </div>
        )}
      </div>
      <ProblemsStrip problems={problems} file={file} onReveal={reveal} />
    </section>
  );
}

function NodeRuntimeBanner({ model }: { model: Model }) {
  const [error, setError] = useState('');
  const apply = () => {
    const text = model.getValue();
    const m = /runtime\s*:\s*(['"])nodejs\1/.exec(text);
    if (m) {
      const start = model.getPositionAt(m.index);
      const end = model.getPositionAt(m.index + m[0].length);
      model.pushEditOperations(
        [],
        [{ range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column), text: "runtime: 'edge'" }],
        () => null,
      );
    } else if (!/export\s+const\s+config\b/.test(text)) {
      const end = model.getFullModelRange().getEndPosition();
      const sep = text.endsWith('\n') ? '\n' : '\n\n';
      model.pushEditOperations([], [{ range: monaco.Range.fromPositions(end), text: `${sep}${EDGE_FIX}\n` }], () => null);
    } else {
      setError('This file already exports a config: set its runtime to \u2018edge\u2019 by hand.');
      return;
    }
    setError('');
  };
  return (
    <div className="banner warn" data-testid="node-runtime-banner">
      <div>
        <b>Node.js runtime.</b> Edgeplay runs Edge API routes only. Make this one an Edge route with{' '}
        <code>{EDGE_FIX}</code>
        {error && <div className="error-text small">{error}</div>}
      </div>
      <button onClick={apply} title="Edit the file; save to apply">
        Apply fix
      </button>
    </div>
  );
}

function ProblemsStrip({ problems, file, onReveal }: { problems: Problem[]; file: string | undefined; onReveal: (p: Problem) => void }) {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  return (
    <div className="problems" data-testid="problems">
      <div className="problems-title">
        Problems
        {problems.length === 0 ? (
          <span className="muted small">none</span>
        ) : (
          <span className="small">
            {errors > 0 && <span className="error-text">{errors} error{errors === 1 ? '' : 's'}</span>}
            {errors > 0 && warnings > 0 && ' · '}
            {warnings > 0 && <span className="warn-text">{warnings} warning{warnings === 1 ? '' : 's'}</span>}
          </span>
        )}
      </div>
      {problems.length > 0 && (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>
              <button className={`problem ${p.severity}`} onClick={() => onReveal(p)} disabled={!file || !sameFile(p.file, file)}>
                <span className="sev">{p.severity === 'error' ? '✕' : '!'}</span>
                <span className="loc">
                  {p.file || file}:{p.line}:{p.column + 1}
                </span>
                <span className="msg">{p.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Problem files are workspace-relative; an empty one means the route file. */
function sameFile(problemFile: string, file: string): boolean {
  if (problemFile === '') return true;
  const norm = (s: string) => s.replace(/\\/g, '/').replace(/^\.?\/+/, '');
  const a = norm(problemFile);
  const b = norm(file);
  return a === b || a.endsWith(`/${b}`);
}

function clampLine(model: Model, line: number): number {
  return Math.min(Math.max(1, line), model.getLineCount());
}

/** esbuild columns count UTF-8 bytes; Monaco's count UTF-16 units. */
function byteColumnToUTF16(lineText: string, byteCol: number): number {
  if (byteCol <= 0) return 0;
  const encoder = new TextEncoder();
  let bytes = 0;
  let units = 0;
  for (const ch of lineText) {
    if (bytes >= byteCol) break;
    bytes += encoder.encode(ch).length;
    units += ch.length;
  }
  return bytes >= byteCol ? units : units + (byteCol - bytes);
}

function toMarker(model: Model, p: Problem): monaco.editor.IMarkerData {
  const line = clampLine(model, p.line);
  const maxCol = model.getLineMaxColumn(line);
  const col = Math.min(Math.max(1, byteColumnToUTF16(model.getLineContent(line), p.column) + 1), maxCol);
  const word = model.getWordAtPosition({ lineNumber: line, column: col });
  const endColumn = word && word.endColumn > col ? word.endColumn : Math.max(col + 1, maxCol);
  return {
    severity: p.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    message: p.message,
    source: 'esbuild',
    startLineNumber: line,
    startColumn: col,
    endLineNumber: line,
    endColumn,
  };
}
