import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { PgpPassphraseDialog, type PassphrasePrompt } from './PgpPassphraseDialog.tsx';

/**
 * Answers main's passphrase questions for decrypting downloads, one key at a time. A prompt
 * main withdraws (its jobs were cancelled) closes by itself.
 */
export function PgpPassphrasePrompts() {
  const [queue, setQueue] = useState<PassphrasePrompt[]>([]);
  const prompt = queue[0];

  useEffect(() => {
    const drop = (promptId: string): void =>
      setQueue((q) => q.filter((p) => p.promptId !== promptId));
    const offPrompt = api.on('pgp:passphrasePrompt', (p) =>
      setQueue((q) => (q.some((o) => o.promptId === p.promptId) ? q : [...q, p])),
    );
    const offClosed = api.on('pgp:passphraseClosed', ({ promptId }) => drop(promptId));
    return () => {
      offPrompt();
      offClosed();
    };
  }, []);

  if (prompt === undefined) return null;

  return (
    <PgpPassphraseDialog
      key={prompt.promptId}
      prompt={prompt}
      onDone={() => setQueue((q) => q.filter((p) => p.promptId !== prompt.promptId))}
    />
  );
}
