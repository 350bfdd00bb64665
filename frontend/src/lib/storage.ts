// Small typed wrappers over localStorage for UI state that survives a restart
// (theme, layout sizes, the last request per route). Storage failures (quota,
// disabled storage) only lose the remembered state, so they are logged, not shown.

export function load<T>(key: string, fallback: T, valid: (v: unknown) => v is T): T {
  try {
    const raw = localStorage.getItem(key);
    if (raw === null) return fallback;
    const v: unknown = JSON.parse(raw);
    return valid(v) ? v : fallback;
  } catch (err) {
    console.warn(`edgeplay: cannot read ${key} from localStorage`, err);
    return fallback;
  }
}

export function save(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch (err) {
    console.warn(`edgeplay: cannot write ${key} to localStorage`, err);
  }
}

export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isString = (v: unknown): v is string => typeof v === 'string';
