export interface ProgressBarProps {
  /** 0..100, or undefined for "working, amount unknown". */
  value: number | undefined;
  tone?: 'normal' | 'success' | 'warning' | 'danger' | 'muted';
  label: string;
}

export function ProgressBar({ value, tone = 'normal', label }: ProgressBarProps) {
  const known = value !== undefined;
  return (
    <div
      className={`progress progress-${tone}${known ? '' : ' progress-indeterminate'}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={known ? Math.round(value) : undefined}
    >
      {/* Width through React's style prop: set via CSSOM, which the CSP allows. */}
      <div className="progress-fill" style={known ? { width: `${value}%` } : undefined} />
    </div>
  );
}
