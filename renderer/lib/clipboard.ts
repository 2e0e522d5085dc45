import { reportError } from '../api/report.ts';

/** Clipboard writes need the window's permission; a refusal is logged, not shown. */
export function copyText(text: string): void {
  navigator.clipboard.writeText(text).catch((err: unknown) => reportError('clipboard', err));
}
