import type { I18n } from '../../i18n/I18nProvider.tsx';
import type { BatchOutcome } from './jobs.ts';

/**
 * Whether the user is looking elsewhere: the window is minimised or covered (hidden), or
 * another window has the focus (in the background, though perhaps still visible).
 */
function isInBackground(): boolean {
  return document.hidden || !document.hasFocus();
}

/**
 * Tells the user a batch ended while the window was in the background. Only counts are
 * shown, never file names: notifications can appear on a locked screen.
 */
export function notifyBatch(outcome: BatchOutcome, i18n: I18n): void {
  if (!isInBackground() || typeof Notification === 'undefined') return;
  const show = (): void => {
    const parts = [
      i18n.plural({ one: 'queue.notify.done.one', other: 'queue.notify.done.other' }, outcome.done),
    ];
    if (outcome.failed > 0) {
      parts.push(
        i18n.plural(
          { one: 'queue.notify.failed.one', other: 'queue.notify.failed.other' },
          outcome.failed,
        ),
      );
    }
    const title =
      outcome.failed > 0 ? i18n.t('queue.notify.titleFailed') : i18n.t('queue.notify.title');
    new Notification(title, { body: parts.join(' · '), silent: outcome.failed === 0 });
  };
  if (Notification.permission === 'granted') {
    show();
  } else if (Notification.permission === 'default') {
    void Notification.requestPermission().then((p) => p === 'granted' && show());
  }
}
