import { useCallback, useEffect, useState } from 'react';
import type { EventPayload } from '../../../shared/ipc/contract.ts';
import { api } from '../../api/client.ts';
import { reportError } from '../../api/report.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { HostKeyStop } from './HostKeyStop.tsx';

type Prompt = EventPayload<'ssh:hostKeyPrompt'>;

/**
 * Answers main's host-key questions. A first-seen key shows its type and SHA256 fingerprint
 * with Trust and Cancel. SECURITY: a key that differs from the stored one is a stop screen
 * with no way to trust it from here, so a substituted server cannot be clicked through.
 */
export function HostKeyDialog() {
  const { t } = useI18n();
  const [queue, setQueue] = useState<Prompt[]>([]);
  const prompt = queue[0];

  useEffect(() => api.on('ssh:hostKeyPrompt', (p) => setQueue((q) => [...q, p])), []);

  const answer = useCallback(async (target: Prompt, trust: boolean) => {
    setQueue((q) => q.filter((p) => p.promptId !== target.promptId));
    try {
      await api.call('ssh:answerHostKey', { promptId: target.promptId, trust });
    } catch (err) {
      // NOT_FOUND: the connection gave up waiting; its own error explains what happened.
      reportError('ssh:answerHostKey', err);
    }
  }, []);

  if (prompt === undefined) return null;
  if (prompt.changed) {
    return (
      <HostKeyStop
        host={prompt.host}
        port={prompt.port}
        keyType={prompt.keyType}
        expected={prompt.expected}
        fingerprint={prompt.fingerprint}
        onClose={() => void answer(prompt, false)}
      />
    );
  }

  return (
    <Dialog
      title={t('hostKey.title')}
      icon="lock"
      onClose={() => void answer(prompt, false)}
      testId="host-key-dialog"
      actions={
        <>
          <button type="button" className="btn" onClick={() => void answer(prompt, false)}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="host-key-trust"
            onClick={() => void answer(prompt, true)}
          >
            {t('hostKey.trust')}
          </button>
        </>
      }
    >
      <p>{t('hostKey.intro', { host: `${prompt.host}:${prompt.port}` })}</p>
      <dl className="fact-list">
        <div>
          <dt>{t('hostKey.keyType')}</dt>
          <dd>{prompt.keyType}</dd>
        </div>
        <div>
          <dt>{t('hostKey.fingerprint')}</dt>
          <dd className="fingerprint" data-testid="host-key-fingerprint">
            {prompt.fingerprint}
          </dd>
        </div>
      </dl>
      <p className="hint">{t('hostKey.advice')}</p>
    </Dialog>
  );
}
