import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { NULL_LOGGER } from '../../shared/logger.ts';
import { PgpPassphrases } from '../../electron/services/app/PgpPassphrases.ts';
import { EphemeralSecretBox, NO_SECRET_BOX } from '../../electron/services/profiles/secretBox.ts';
import { MemoryKeyValueStore, type SecretBox } from '../../electron/services/profiles/stores.ts';

const KEY_A = 'A'.repeat(40);
const KEY_B = 'B'.repeat(40);

/** Only "open sesame" unlocks either key. */
function make(secrets: SecretBox = new EphemeralSecretBox(), store = new MemoryKeyValueStore()) {
  const events: Array<{ channel: string; payload: { promptId: string; fingerprint?: string } }> =
    [];
  const passphrases = new PgpPassphrases({
    emit: (channel, payload) => void events.push({ channel, payload: payload as never }),
    store,
    secrets,
    check: async (_fingerprint, passphrase) => {
      if (passphrase !== 'open sesame') throw new AppError('PGP_PASSPHRASE_WRONG', 'wrong');
    },
    describe: async (fingerprint) => (fingerprint === KEY_A ? 'Ana <ana@example.com>' : undefined),
    logger: NULL_LOGGER,
  });
  const prompts = () => events.filter((e) => e.channel === 'pgp:passphrasePrompt');
  return { passphrases, events, prompts, store };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PgpPassphrases', () => {
  it('asks once per key however many jobs wait, and answers them all', async () => {
    const { passphrases, prompts } = make();
    const signal = new AbortController().signal;
    const first = passphrases.ask({ fingerprint: KEY_A, wrong: false }, signal);
    const second = passphrases.ask({ fingerprint: KEY_A, wrong: false }, signal);
    const other = passphrases.ask({ fingerprint: KEY_B, wrong: false }, signal);
    await tick();
    expect(prompts().map((p) => p.payload)).toMatchObject([
      { fingerprint: KEY_A, userId: 'Ana <ana@example.com>' },
      { fingerprint: KEY_B },
    ]);
    const [a, b] = prompts().map((p) => p.payload.promptId) as [string, string];
    await expect(passphrases.answer(a, 'nope', false)).rejects.toMatchObject({
      code: 'PGP_PASSPHRASE_WRONG',
    });
    await passphrases.answer(a, 'open sesame', false);
    await expect(Promise.all([first, second])).resolves.toEqual(['open sesame', 'open sesame']);
    expect(passphrases.known(KEY_A)).toBe('open sesame');
    await passphrases.answer(b, undefined, false);
    await expect(other).rejects.toMatchObject({ code: 'PGP_PASSPHRASE_REQUIRED' });
    expect(passphrases.known(KEY_B)).toBeUndefined();
  });

  it('keeps a passphrase in memory only, when there is no secure storage', async () => {
    const { passphrases, prompts, store } = make(NO_SECRET_BOX);
    const asked = passphrases.ask(
      { fingerprint: KEY_A, wrong: false },
      new AbortController().signal,
    );
    await tick();
    const promptId = prompts()[0]?.payload.promptId as string;
    expect(await passphrases.answer(promptId, 'open sesame', true)).toEqual({ remembered: false });
    await asked;
    expect(store.get('pgpPassphrases')).toBeUndefined();
    expect(passphrases.known(KEY_A)).toBe('open sesame');
  });

  it('drops a remembered passphrase it cannot open, and one that turned out wrong', async () => {
    const store = new MemoryKeyValueStore();
    const secrets = new EphemeralSecretBox();
    store.set('pgpPassphrases', { [KEY_A]: 'sealed-elsewhere', [KEY_B]: secrets.seal('old') });
    const { passphrases } = make(secrets, store);
    expect(passphrases.known(KEY_A)).toBeUndefined();
    expect(Object.keys(store.get('pgpPassphrases') as object)).toEqual([KEY_B]);
    expect(passphrases.known(KEY_B)).toBe('old');
    passphrases.forget(KEY_B);
    expect(passphrases.known(KEY_B)).toBeUndefined();
    expect(store.get('pgpPassphrases')).toEqual({});
  });

  it('withdraws a prompt nobody waits for and refuses open ones on quit', async () => {
    const { passphrases, events } = make();
    const controller = new AbortController();
    const cancelled = passphrases.ask({ fingerprint: KEY_A, wrong: false }, controller.signal);
    await tick();
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(events.map((e) => e.channel)).toEqual(['pgp:passphrasePrompt', 'pgp:passphraseClosed']);

    const quitting = passphrases.ask(
      { fingerprint: KEY_B, wrong: false },
      new AbortController().signal,
    );
    await tick();
    passphrases.rejectAll();
    await expect(quitting).rejects.toMatchObject({ code: 'PGP_PASSPHRASE_REQUIRED' });
  });
});
