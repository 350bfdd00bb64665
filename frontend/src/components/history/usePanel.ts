import { useCallback, useRef, useState } from 'react';
import { api, errorText } from '../../api';
import type { PanelView } from './panels';

type ReplayView = Extract<PanelView, { kind: 'replay' }>;
type DiffView = Extract<PanelView, { kind: 'diff' }>;

/**
 * The right side of the history and the long jobs that fill it (replays and
 * diffs). The jobs run from the click, not from an effect, so each runs
 * exactly once; their progress goes into the view they opened, and is
 * dropped once another view replaced it.
 */
export function usePanel() {
  const [view, setView] = useState<PanelView>({ kind: 'inspect' });
  const nextKey = useRef(0);
  const stopRequested = useRef(false);

  const patchReplay = (key: number, patch: (v: ReplayView) => Partial<ReplayView>) =>
    setView((v) => (v.kind === 'replay' && v.key === key ? { ...v, ...patch(v) } : v));
  const patchDiff = (key: number, patch: Partial<DiffView>) =>
    setView((v) => (v.kind === 'diff' && v.key === key ? { ...v, ...patch } : v));

  /** Replays ids (oldest first) one at a time, so progress shows and Stop works. */
  const replay = useCallback(async (ids: number[]) => {
    const key = ++nextKey.current;
    stopRequested.current = false;
    setView({ kind: 'replay', key, ids, results: [], running: true, error: '' });
    for (const id of ids) {
      if (stopRequested.current) break;
      try {
        const [r] = await api.replay([id]);
        if (r) patchReplay(key, (v) => ({ results: [...v.results, r] }));
      } catch (err) {
        patchReplay(key, () => ({ error: `Replay of #${id} failed: ${errorText(err)}` }));
        break;
      }
    }
    patchReplay(key, () => ({ running: false }));
  }, []);

  const replayAndDiff = useCallback(async (id: number) => {
    const key = ++nextKey.current;
    setView({ kind: 'diff', key, title: `#${id} → replay`, progress: `Replaying #${id}…`, error: '' });
    try {
      const [r] = await api.replay([id]);
      if (!r) throw new Error('the replay returned no result');
      if (r.error) {
        patchDiff(key, { progress: '', error: `Replay of #${id} failed: ${r.error}` });
        return;
      }
      patchDiff(key, {
        progress: '',
        title: `#${id} → replay ${r.newId ? `#${r.newId}` : '(not recorded)'} · ${r.status} in ${Math.round(r.durationMs)} ms`,
        response: r.diff,
      });
    } catch (err) {
      patchDiff(key, { progress: '', error: `Replay of #${id} failed: ${errorText(err)}` });
    }
  }, []);

  /** Compares two recorded exchanges, a being the older. */
  const diff = useCallback(async (a: number, b: number) => {
    const key = ++nextKey.current;
    setView({ kind: 'diff', key, title: `#${a} → #${b}`, progress: `Comparing #${a} with #${b}…`, error: '' });
    try {
      const d = await api.diffExchanges(a, b);
      patchDiff(key, { progress: '', request: d.request, response: d.response });
    } catch (err) {
      patchDiff(key, { progress: '', error: `Could not compare #${a} with #${b}: ${errorText(err)}` });
    }
  }, []);

  const stopReplay = useCallback(() => {
    stopRequested.current = true;
  }, []);

  return { view, setView, replay, replayAndDiff, diff, stopReplay };
}
