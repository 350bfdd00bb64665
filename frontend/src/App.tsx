import { useCallback, useEffect, useState, type CSSProperties } from 'react';
import { api, errorText, onEvent, type AppState, type RouteInfo } from './api';
import { ClientPane, currentRequest } from './components/ClientPane';
import { EditorPane } from './components/EditorPane';
import { HistoryPane } from './components/HistoryPane';
import { RouteList } from './components/RouteList';
import { SimPane } from './components/sim/SimPane';
import { Splitter } from './components/Splitter';
import { TabBar } from './components/Tabs';
import { TopBar } from './components/TopBar';
import { setMonacoTheme, type Theme } from './lib/monaco';
import { isNumber, isString, load, save } from './lib/storage';

const isTheme = (v: unknown): v is Theme => v === 'dark' || v === 'light';
type BottomTab = 'history' | 'map' | 'cache';
const isBottomTab = (v: unknown): v is BottomTab => v === 'history' || v === 'map' || v === 'cache';
const BOTTOM_TABS: { key: BottomTab; label: string }[] = [
  { key: 'history', label: 'History' },
  { key: 'map', label: 'Map' },
  { key: 'cache', label: 'Cache timeline' },
];
const isSelectionMap = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isString);

interface Layout {
  left: number;
  right: number;
  bottom: number;
}
/** The bottom pane's height the map and the cache timeline open at, at least. */
const SIM_MIN_HEIGHT = 360;
const DEFAULT_LAYOUT: Layout = { left: 240, right: 460, bottom: 230 };
const isLayout = (v: unknown): v is Layout => {
  if (typeof v !== 'object' || v === null) return false;
  const l = v as Record<string, unknown>;
  return isNumber(l.left) && isNumber(l.right) && isNumber(l.bottom);
};

/** Replaces the route with the same file, or adds it, keeping pattern order. */
function mergeRoute(routes: RouteInfo[], r: RouteInfo): RouteInfo[] {
  const i = routes.findIndex((x) => x.file === r.file);
  if (i >= 0) return routes.map((x, j) => (j === i ? r : x));
  return [...routes, r].sort((a, b) => a.pattern.localeCompare(b.pattern));
}

export function App() {
  const [state, setState] = useState<AppState>();
  const [loadError, setLoadError] = useState('');
  const [selected, setSelected] = useState<string>();
  const [theme, setTheme] = useState<Theme>(() => load('edgeplay.theme', 'dark', isTheme));
  const [layout, setLayout] = useState<Layout>(() => load('edgeplay.layout', DEFAULT_LAYOUT, isLayout));
  const [bottomTab, setBottomTab] = useState<BottomTab>(() => load('edgeplay.bottomTab', 'history', isBottomTab));
  useEffect(() => save('edgeplay.bottomTab', bottomTab), [bottomTab]);
  // A recorded exchange to draw on the map ("Show on map" in the inspector).
  const [mapFocus, setMapFocus] = useState<{ id: number; seq: number }>();
  const selectBottomTab = (tab: BottomTab) => {
    setBottomTab(tab);
    // The map and the timeline need room: grow a short pane.
    if (tab !== 'history' && layout.bottom < SIM_MIN_HEIGHT) setLayout({ ...layout, bottom: SIM_MIN_HEIGHT });
  };
  const showOnMap = (id: number) => {
    setMapFocus((f) => ({ id, seq: (f?.seq ?? 0) + 1 }));
    selectBottomTab('map');
  };

  const loadState = useCallback(() => {
    setLoadError('');
    api.state().then(setState, (err: unknown) => setLoadError(`Could not load the workspace: ${errorText(err)}`));
  }, []);
  useEffect(loadState, [loadState]);

  useEffect(() => onEvent('routes:changed', (routes) => setState((s) => (s ? { ...s, routes } : s))), []);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    setMonacoTheme(theme);
    save('edgeplay.theme', theme);
  }, [theme]);

  useEffect(() => save('edgeplay.layout', layout), [layout]);

  const dir = state?.workspace.dir ?? '';
  const routes = state?.routes ?? [];

  // Keep a valid selection: the remembered file of this workspace, else the first route.
  useEffect(() => {
    if (!state) return;
    if (selected && routes.some((r) => r.file === selected)) return;
    const remembered = load('edgeplay.selected', {}, isSelectionMap)[dir];
    const next = routes.find((r) => r.file === remembered) ?? routes[0];
    setSelected(next?.file);
  }, [state, dir, routes, selected]);

  const select = (file: string) => {
    setSelected(file);
    save('edgeplay.selected', { ...load('edgeplay.selected', {}, isSelectionMap), [dir]: file });
  };

  const onWorkspace = (s: AppState) => {
    setSelected(undefined);
    setState(s);
  };

  const onRoute = useCallback((r: RouteInfo) => setState((s) => (s ? { ...s, routes: mergeRoute(s.routes, r) } : s)), []);

  const route = routes.find((r) => r.file === selected);
  const style = {
    '--left-w': `${layout.left}px`,
    '--right-w': `${layout.right}px`,
    '--bottom-h': `${layout.bottom}px`,
  } as CSSProperties; // custom properties are not in CSSProperties' keys

  return (
    <div className="app" style={style}>
      <TopBar state={state} onState={onWorkspace} theme={theme} onToggleTheme={() => setTheme(theme === 'dark' ? 'light' : 'dark')} />
      {loadError && (
        <div className="banner error app-error" role="alert">
          <span>{loadError}</span>
          <button onClick={loadState}>Retry</button>
        </div>
      )}
      <div className="main">
        <RouteList
          routes={routes}
          selected={selected}
          onSelect={select}
          onCreated={(r) => {
            onRoute(r);
            select(r.file);
          }}
        />
        <Splitter axis="col" value={layout.left} min={160} max={480} sign={1} label="Resize routes" onChange={(left) => setLayout({ ...layout, left })} />
        <EditorPane key={dir} route={route} onSaved={onRoute} />
        <Splitter axis="col" value={layout.right} min={320} max={900} sign={-1} label="Resize request pane" onChange={(right) => setLayout({ ...layout, right })} />
        <ClientPane key={`${dir}\n${route?.pattern ?? ''}`} draftKey={`${dir}\n${route?.pattern ?? ''}`} route={route} />
      </div>
      <Splitter axis="row" value={layout.bottom} min={90} max={700} sign={-1} label="Resize history" onChange={(bottom) => setLayout({ ...layout, bottom })} />
      <section className="bottom" data-testid="bottom">
        <TabBar tabs={BOTTOM_TABS} active={bottomTab} onSelect={selectBottomTab}>
          <span className="small muted" data-testid="bottom-mode">
            {state?.vercel ? `Vercel simulation · client ${state.client}` : 'Local mode'}
          </span>
        </TabBar>
        <div className="bottom-body" role="tabpanel" aria-label={BOTTOM_TABS.find((t) => t.key === bottomTab)?.label}>
          <div className="bottom-panel" hidden={bottomTab !== 'history'}>
            <HistoryPane onShowOnMap={showOnMap} />
          </div>
          {bottomTab !== 'history' && state && (
            <SimPane
              tab={bottomTab}
              state={state}
              onState={setState}
              route={route}
              routes={routes}
              focusRequest={mapFocus}
              onFocusDone={() => setMapFocus(undefined)}
              onShowOnMap={showOnMap}
              currentRequest={() => currentRequest(`${dir}\n${route?.pattern ?? ''}`, route)}
            />
          )}
        </div>
      </section>
    </div>
  );
}
