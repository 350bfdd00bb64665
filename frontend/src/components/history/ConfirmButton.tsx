import { useState } from 'react';

interface Props {
  label: string;
  /** The question asked before acting, e.g. "Delete 3 exchanges?". */
  confirm: string;
  onConfirm: () => void;
  disabled?: boolean;
  testId?: string;
  className?: string;
}

/** A button that asks in place before a destructive action. */
export function ConfirmButton({ label, confirm, onConfirm, disabled, testId, className = '' }: Props) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button className={`${className} hx-danger`} disabled={disabled} onClick={() => setAsking(true)} data-testid={testId}>
        {label}
      </button>
    );
  }
  return (
    <span className="hx-confirm" role="group" aria-label={confirm}>
      <span className="error-text">{confirm}</span>
      <button
        className={`${className} hx-danger-solid`}
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
        data-testid={testId ? `${testId}-yes` : undefined}
      >
        Yes
      </button>
      <button className={className} onClick={() => setAsking(false)} onKeyDown={(e) => e.key === 'Escape' && setAsking(false)}>
        No
      </button>
    </span>
  );
}
