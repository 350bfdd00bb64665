import type { ReactNode } from 'react';

export interface Tab<K extends string> {
  key: K;
  label: ReactNode;
}

/** A row of tab buttons; the panels are rendered by the caller. */
export function TabBar<K extends string>({
  tabs,
  active,
  onSelect,
  children,
}: {
  tabs: Tab<K>[];
  active: K;
  onSelect: (k: K) => void;
  children?: ReactNode;
}) {
  return (
    <div className="tabbar">
      <div className="tabbar-tabs" role="tablist">
        {tabs.map((t) => (
          <button
            key={t.key}
            role="tab"
            aria-selected={t.key === active}
            className={t.key === active ? 'tab active' : 'tab'}
            onClick={() => onSelect(t.key)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="tabbar-extra">{children}</div>
    </div>
  );
}
