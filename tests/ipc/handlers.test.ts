import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toAppError } from '../../shared/errors.ts';
import { REQUEST_CHANNELS } from '../../shared/ipc/channels.ts';
import { wrapHandler } from '../../electron/ipc/wrap.ts';
import { APP_URL, CapturingLogger, createTestApp, type TestApp } from './testServices.ts';

let app: TestApp;
beforeEach(() => {
  app = createTestApp();
});
afterEach(async () => {
  await app.close();
});

const PROFILE = { name: 'Pyplan EU', host: 'sftp.pyplan.com', user: 'analyst' };

describe('createHandlers', () => {
  it('has exactly one handler per contract channel, and the map is frozen', () => {
    expect(Object.keys(app.handlers).sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect(Object.isFrozen(app.handlers)).toBe(true);
  });

  it.each([
    ['a web page', { url: 'https://evil.example/', isTopFrame: true }],
    ['another local file', { url: 'file:///tmp/evil/index.html', isTopFrame: true }],
    ['an iframe inside the app page', { url: APP_URL, isTopFrame: false }],
    ['a malformed URL', { url: 'not a url', isTopFrame: true }],
  ])('refuses requests from %s without calling the service', async (_name, sender) => {
    const result = await app.handlers['profiles:save'](PROFILE, { sender });
    expect(result).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
    expect(app.services.profiles.list()).toEqual([]);
  });

  it('accepts the app page with a hash route or query', async () => {
    const sender = { url: `${APP_URL}?x=1#/transfers`, isTopFrame: true };
    const result = await app.handlers['profiles:list'](undefined, { sender });
    expect(result).toEqual({ ok: true, value: [] });
  });

  it('answers IPC_INVALID_REQUEST for bad arguments, naming no values', async () => {
    const secret = 'hunter2-passphrase';
    const result = await app.call('connection:connect', { profileId: 7, passphrase: secret });
    expect(result).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
    expect(JSON.stringify(result)).not.toContain(secret);
    expect(app.logger.lines.join('\n')).not.toContain(secret);
  });

  it('carries an AppError through the envelope and back', async () => {
    const result = await app.call('profiles:get', { id: 'missing' });
    expect(result.ok).toBe(false);
    // What Electron does to an invoke result: structured clone.
    const cloned = structuredClone(result);
    if (cloned.ok) throw new Error('expected an error');
    const error = toAppError(cloned.error);
    expect(error.code).toBe('NOT_FOUND');
    expect(error.details).toEqual({ profileId: 'missing' });
  });

  it('turns an unexpected throw into an INTERNAL envelope and logs it', async () => {
    app.services.dialogs.openFile = async () => {
      throw new TypeError('boom');
    };
    const result = await app.call('dialogs:openFile', { purpose: 'sshKey' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(app.logger.lines.some((l) => l.includes('handler failed'))).toBe(true);
  });

  it('strips fields a service returns beyond the contract and refuses wrong shapes', async () => {
    const logger = new CapturingLogger();
    const leaky = wrapHandler(
      'app:info',
      () => ({ version: '1', platform: 'linux', secret: 'x' }) as never,
      APP_URL,
      logger,
    );
    const ctx = { sender: { url: APP_URL, isTopFrame: true } };
    expect(await leaky(undefined, ctx)).toEqual({
      ok: true,
      value: { version: '1', platform: 'linux' },
    });
    const wrong = wrapHandler('app:info', () => ({ version: 1 }) as never, APP_URL, logger);
    expect(await wrong(undefined, ctx)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});

describe('handlers over real services', () => {
  it('saves, lists, duplicates and deletes profiles', async () => {
    const saved = await app.call('profiles:save', PROFILE);
    if (!saved.ok) throw new Error(saved.error.message);
    const profile = saved.value as { id: string; port: number };
    expect(profile.port).toBe(22);
    const copy = await app.call('profiles:duplicate', { id: profile.id });
    expect(copy).toMatchObject({ ok: true, value: { name: 'Pyplan EU (copy)' } });
    expect(await app.call('profiles:delete', { id: profile.id })).toEqual({
      ok: true,
      value: null,
    });
    const list = await app.call('profiles:list');
    expect(list).toMatchObject({ ok: true, value: [{ name: 'Pyplan EU (copy)' }] });
  });

  it('reads and updates settings', async () => {
    expect(await app.call('settings:get')).toEqual({
      ok: true,
      value: { language: 'en', theme: 'system', showHidden: false },
    });
    const updated = await app.call('settings:update', { language: 'es', showHidden: true });
    expect(updated).toMatchObject({ ok: true, value: { language: 'es', showHidden: true } });
    const bad = await app.call('settings:update', { language: 'fr' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'IPC_INVALID_REQUEST' } });
  });

  it('opens only allow-listed links in the OS browser', async () => {
    expect(await app.call('app:openExternal', { url: 'https://docs.pyplan.com/x' })).toEqual({
      ok: true,
      value: null,
    });
    const refused = await app.call('app:openExternal', { url: 'file:///etc/passwd' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(app.openedUrls).toEqual(['https://docs.pyplan.com/x']);
  });

  it('answers scripted dialogs, and an empty list when cancelled', async () => {
    app.dialogs.push('/keys/cert.pem');
    expect(await app.call('dialogs:openFile', { purpose: 'sshKey' })).toEqual({
      ok: true,
      value: { paths: ['/keys/cert.pem'] },
    });
    expect(await app.call('dialogs:openFolder', { purpose: 'localFolder' })).toEqual({
      ok: true,
      value: { paths: [] },
    });
  });

  it('pushes sftp links as events and keeps them until taken once', async () => {
    app.services.links.receive('sftp://analyst@sftp.pyplan.com:2222/in');
    app.services.links.receive('https://not-a-link.example/');
    const link = { host: 'sftp.pyplan.com', port: 2222, user: 'analyst', path: '/in' };
    expect(app.events).toEqual([{ channel: 'app:openLink', payload: link }]);
    expect(await app.call('app:takeLinks')).toEqual({ ok: true, value: [link] });
    expect(await app.call('app:takeLinks')).toEqual({ ok: true, value: [] });
  });

  it('rate-limits renderer log lines', async () => {
    for (let i = 0; i < 200; i += 1) {
      await app.call('app:log', { level: 'info', message: `line ${i}` });
    }
    const rendererLines = app.logger.lines.filter((l) => l.includes('"subsystem":"/renderer"'));
    expect(rendererLines.length).toBeGreaterThan(10);
    expect(rendererLines.length).toBeLessThan(100);
  });

  it('cannot start a drag without a window to drag from', async () => {
    const result = await app.call('files:startDrag', { sessionId: 's', remotePaths: ['/a'] });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
  });

  it('reports a vanished session as a lost connection', async () => {
    const result = await app.call('sftp:list', { sessionId: 'gone', path: '/' });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONNECTION_LOST' } });
  });

  it('lists the algorithm policies, default first', async () => {
    const result = await app.call('ssh:listPolicies');
    if (!result.ok) throw new Error(result.error.message);
    const names = (result.value as Array<{ name: string }>).map((p) => p.name);
    expect(names[0]).toBe('default');
    expect(names.some((n) => n.startsWith('TransferSecurityPolicy-'))).toBe(true);
  });
});
