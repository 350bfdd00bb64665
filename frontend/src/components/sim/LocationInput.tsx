import { useEffect, useId, useState } from 'react';

/** A suggestion: what to type, and what it is. */
export interface LocationOption {
  value: string;
  label: string;
}

interface Props {
  label: string;
  /** The place now (its name, region id or "LAT,LON"). */
  current: string;
  options: LocationOption[];
  disabled: boolean;
  testId: string;
  /** Moves the place; rejects with the reason when it is not a place. */
  onMove: (location: string) => Promise<void>;
}

/**
 * A place typed or picked from suggestions: a city, a region id or
 * "LAT,LON". Enter (or leaving the field) moves it; Escape puts back the
 * current place. The keyboard's way to do what a click on the map does.
 */
export function LocationInput({ label, current, options, disabled, testId, onMove }: Props) {
  const [text, setText] = useState(current);
  const listId = useId();
  useEffect(() => setText(current), [current]);

  const commit = () => {
    const wanted = text.trim();
    if (wanted === '' || wanted === current) {
      setText(current);
      return;
    }
    onMove(wanted).catch(() => setText(current)); // the caller shows the error
  };
  return (
    <label className="small sim-location">
      {label}{' '}
      <input
        value={text}
        list={listId}
        disabled={disabled}
        spellCheck={false}
        data-testid={testId}
        title="A city, a region id (e.g. fra1) or LAT,LON; Enter moves it"
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setText(current);
        }}
      />
      <datalist id={listId}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </datalist>
    </label>
  );
}
