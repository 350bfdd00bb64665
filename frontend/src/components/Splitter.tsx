import type { PointerEvent } from 'react';

interface Props {
  /** "col" resizes widths (a vertical bar), "row" resizes heights. */
  axis: 'col' | 'row';
  value: number;
  onChange: (v: number) => void;
  min: number;
  max: number;
  /** +1 when dragging right/down grows the pane, -1 when it shrinks it. */
  sign: 1 | -1;
  label: string;
}

/** A draggable bar between two panes. */
export function Splitter({ axis, value, onChange, min, max, sign, label }: Props) {
  const clamp = (v: number) => Math.round(Math.min(max, Math.max(min, v)));
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    const el = e.currentTarget;
    el.setPointerCapture(e.pointerId);
    const start = axis === 'col' ? e.clientX : e.clientY;
    const startValue = value;
    const move = (ev: globalThis.PointerEvent) => {
      const pos = axis === 'col' ? ev.clientX : ev.clientY;
      onChange(clamp(startValue + sign * (pos - start)));
    };
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
  };
  return (
    <div
      className={`splitter splitter-${axis}`}
      role="separator"
      aria-orientation={axis === 'col' ? 'vertical' : 'horizontal'}
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 40 : 10;
        const grow = axis === 'col' ? 'ArrowRight' : 'ArrowDown';
        const shrink = axis === 'col' ? 'ArrowLeft' : 'ArrowUp';
        if (e.key === grow) onChange(clamp(value + sign * step));
        else if (e.key === shrink) onChange(clamp(value - sign * step));
      }}
    />
  );
}
