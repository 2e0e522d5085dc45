import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors.ts';
import {
  EVENT_CHANNELS,
  REQUEST_CHANNELS,
  eventPath,
  requestPath,
} from '../../shared/ipc/channels.ts';
import { EVENTS, REQUESTS } from '../../shared/ipc/contract.ts';
import { SerializedAppErrorSchema } from '../../shared/schemas/common.ts';
import { ProfileInputSchema, ProfileSchema } from '../../shared/schemas/profile.ts';

const NAME = /^[a-z][a-zA-Z]*:[a-z][a-zA-Z]*$/;

describe('IPC contract', () => {
  it('lists exactly the channels named in channels.ts, requests and events alike', () => {
    expect(Object.keys(REQUESTS).sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect(Object.keys(EVENTS).sort()).toEqual([...EVENT_CHANNELS].sort());
    expect(new Set(REQUEST_CHANNELS).size).toBe(REQUEST_CHANNELS.length);
  });

  it('names every channel domain:verb in camelCase', () => {
    for (const channel of [...REQUEST_CHANNELS, ...EVENT_CHANNELS]) {
      expect(channel).toMatch(NAME);
    }
  });

  it('maps channels to distinct API members, events as onX beside the requests', () => {
    const members = [
      ...REQUEST_CHANNELS.map((c) => requestPath(c).join('.')),
      ...EVENT_CHANNELS.map((c) => eventPath(c).join('.')),
    ];
    expect(new Set(members).size).toBe(members.length);
    expect(requestPath('sftp:list')).toEqual(['sftp', 'list']);
    expect(eventPath('transfers:stateChanged')).toEqual(['transfers', 'onStateChanged']);
    expect(eventPath('ssh:hostKeyPrompt')).toEqual(['ssh', 'onHostKeyPrompt']);
  });

  it('accepts no arguments for argument-less requests and refuses extras', () => {
    expect(REQUESTS['profiles:list'].input.safeParse(undefined).success).toBe(true);
    expect(REQUESTS['profiles:list'].input.safeParse({ id: 'x' }).success).toBe(false);
  });

  it('refuses paths with NUL bytes and oversize inputs', () => {
    const list = REQUESTS['sftp:list'].input;
    expect(list.safeParse({ sessionId: 's', path: '/ok' }).success).toBe(true);
    expect(list.safeParse({ sessionId: 's', path: '/a\0b' }).success).toBe(false);
    expect(list.safeParse({ sessionId: 's', path: 'x'.repeat(5000) }).success).toBe(false);
    expect(list.safeParse({ path: '/ok' }).success).toBe(false);
  });

  it('fills profile defaults on save and rejects hosts with spaces or user@', () => {
    const parsed = ProfileInputSchema.parse({ name: 'Pyplan', host: 'sftp.pyplan.com', user: 'a' });
    expect(parsed).toMatchObject({
      port: 22,
      key: null,
      algorithmPolicy: 'default',
      pgp: { recipients: [], encryptOnUpload: false, decryptOnDownload: false },
      transfer: { preserveTimestamps: false, uploadInPlace: false },
    });
    expect(ProfileInputSchema.safeParse({ name: 'n', host: 'a b', user: 'u' }).success).toBe(false);
    expect(ProfileInputSchema.safeParse({ name: 'n', host: 'u@h', user: 'u' }).success).toBe(false);
    expect(ProfileInputSchema.safeParse({ name: 'n', host: 'h', user: 'u', port: 0 }).success).toBe(
      false,
    );
  });

  it('strips fields outside a schema, so a stored secret cannot ride along to the page', () => {
    const profile = ProfileSchema.parse({
      ...ProfileInputSchema.parse({ name: 'n', host: 'h', user: 'u' }),
      id: 'p1',
      createdMs: 1,
      updatedMs: 1,
      sealedKey: 'SECRET',
    });
    expect(JSON.stringify(profile)).not.toContain('SECRET');
  });

  it('carries every error code in the serialized error schema', () => {
    for (const code of ERROR_CODES) {
      expect(SerializedAppErrorSchema.safeParse({ code, message: 'm' }).success).toBe(true);
    }
    expect(SerializedAppErrorSchema.safeParse({ code: 'NOPE', message: 'm' }).success).toBe(false);
  });

  it('validates listing batches: entries, an end mark and a coded error', () => {
    const batch = EVENTS['listing:batch'];
    const end = {
      listingId: 'l',
      entries: [],
      done: true,
      error: { code: 'CANCELLED', message: 'm' },
    };
    expect(batch.safeParse(end).success).toBe(true);
    expect(batch.safeParse({ listingId: 'l', entries: [{ name: 'x' }], done: false }).success).toBe(
      false,
    );
    expect(REQUESTS['listing:cancel'].input.safeParse({ listingId: '' }).success).toBe(false);
  });

  it('validates transfer events with their jobs', () => {
    const progress = { bytesDone: 1, bytesTotal: 2, filesDone: 0, filesTotal: 1, rate: 5 };
    expect(EVENTS['transfers:progress'].safeParse({ jobId: 'j', progress }).success).toBe(true);
    expect(EVENTS['transfers:progress'].safeParse({ jobId: 'j' }).success).toBe(false);
  });
});
