import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURE_PASSPHRASE, PGP_KEYS, SSH_KEYS } from '../helpers/fixtures.ts';
import { startSshd, type Sshd } from '../helpers/sshd.ts';
import type { Page } from 'playwright-core';
import { openApp, type OpenedApp } from './harness.ts';
import { E2E_ARTIFACTS, shoot } from './ui.ts';

/**
 * Connection flows as an analyst meets them: set up a profile from the cert.pem Pyplan sent,
 * test it (confirming the server's identity on first contact), and the plain messages for a
 * refused login and for a server whose identity changed.
 */
let sshd: Sshd;
let opened: OpenedApp;
let work: string;

function fingerprintOf(publicKeyFile: string): string {
  const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKeyFile]).toString();
  return out.split(' ')[1] ?? '';
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pyplan-e2e-conn-'));
  sshd = await startSshd();
  opened = await openApp({ sshd, trustHost: false });
});

afterAll(async () => {
  await opened?.close();
  await sshd?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** WCAG contrast of the stop screen's title against its header's background. */
async function stopTitleContrast(page: Page): Promise<number> {
  // A string runs in the page, where the DOM is (this project's Node types have none).
  const [fg, bg] = (await page.evaluate(`(() => {
    const header = document.querySelector('[data-testid=host-key-stop] .dialog-header');
    const title = header.querySelector('h2');
    return [getComputedStyle(title).color, getComputedStyle(header).backgroundColor];
  })()`)) as [string, string];
  const luminance = (css: string): number => {
    const [r = 0, g = 0, b = 0] = (css.match(/[\d.]+/g) ?? []).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Whether the test panel has been scrolled fully into the form's visible area. */
function panelInView(): Promise<boolean> {
  return opened.page.locator('[data-testid=test-panel]').evaluate((el) => {
    const box = el.getBoundingClientRect();
    const area = el.closest('.form-scroll')?.getBoundingClientRect();
    return area !== undefined && box.top >= area.top - 1 && box.bottom <= area.bottom + 1;
  });
}

// Each flow starts from a computer that has never seen this server.
beforeEach(async () => {
  writeFileSync(join(opened.app.dataDir, 'known_hosts'), '', { mode: 0o600 });
  await opened.page.reload();
  await opened.page.locator('.app').waitFor();
});

// No page errors and no CSP refusals (the virtualised rows position themselves with styles).
afterEach(() => {
  expect(opened.errors).toEqual([]);
});

describe('connection profiles', () => {
  it('creates a profile from cert.pem, tests it and trusts the host key', async () => {
    const { page } = opened;
    const certPem = join(work, 'cert.pem');
    copyFileSync(join(SSH_KEYS, 'rsa-pem.key'), certPem);

    await page.click('[data-testid=nav-connections]');
    await page.click('[data-testid=profile-new]');
    const form = page.locator('[data-testid=profile-form]');
    await form.locator('input[name=name]').fill('Pyplan Cloud (cert.pem)');
    await form.locator('input[name=host]').fill(sshd.host);
    await form.locator('input[name=port]').fill(String(sshd.port));
    await form.locator('input[name=user]').fill(sshd.user);
    // What Pyplan Cloud servers made in the AWS console use; OpenSSH speaks all of it.
    const policy = form.locator('select[name=algorithmPolicy]');
    await expect.poll(() => policy.locator('option').count()).toBeGreaterThan(10);
    await policy.selectOption('TransferSecurityPolicy-2024-01');

    opened.app.dialogs.push(certPem);
    await form.locator('[data-testid=key-import]').click();
    await expect.poll(() => form.locator('[data-testid=key-type]').textContent()).toContain('rsa');
    const keyPrint = fingerprintOf(join(SSH_KEYS, 'rsa-pem.key.pub'));
    expect(await form.locator('[data-testid=key-fingerprint]').textContent()).toBe(keyPrint);

    await form.locator('[data-testid=profile-test]').click();
    const prompt = page.locator('[data-testid=host-key-dialog]');
    await prompt.waitFor();
    const hostPrint = sshd.hostKeys['ssh-ed25519']?.fingerprint;
    expect(await prompt.locator('[data-testid=host-key-fingerprint]').textContent()).toBe(
      hostPrint,
    );
    // Asked to confirm the identity, the server was reached: the panel says so meanwhile.
    const steps = page.locator('[data-testid=test-panel] li');
    await expect
      .poll(() => steps.evaluateAll((els) => els.map((e) => e.className)))
      .toEqual(
        ['ok', 'running', 'waiting', 'waiting', 'waiting'].map((s) => `test-step step-${s}`),
      );
    expect(await steps.first().locator('.step-status').textContent()).toBe('OK');
    expect(await steps.nth(1).locator('.step-status').textContent()).toBe('In progress');
    await shoot(page, 'connections-host-key-prompt');
    await prompt.locator('[data-testid=host-key-trust]').click();

    await expect
      .poll(() => steps.evaluateAll((els) => els.map((e) => e.className)))
      .toEqual(['reach', 'hostKey', 'login', 'sftp', 'list'].map(() => 'test-step step-ok'));
    await expect.poll(panelInView).toBe(true);
    await shoot(page, 'connections-test-passed');

    // Testing is not saving: the profile is stored only when the user saves it.
    expect(opened.services.profiles.list().some((p) => p.name.includes('cert.pem'))).toBe(false);
    await form.locator('button[type=submit]').click();
    await page.locator('[data-testid=profile-list] li', { hasText: 'cert.pem' }).waitFor();
    const saved = opened.services.profiles.list();
    expect(saved.find((p) => p.name === 'Pyplan Cloud (cert.pem)')).toMatchObject({
      algorithmPolicy: 'TransferSecurityPolicy-2024-01',
      key: { kind: 'stored' },
    });
    const knownHosts = readFileSync(join(opened.app.dataDir, 'known_hosts'), 'utf8');
    expect(knownHosts).toContain(`[${sshd.host}]:${sshd.port}`);
  });

  it('imports a passphrase-protected key from the new-connection form', async () => {
    const { page } = opened;
    const key = join(work, 'protected.pem');
    copyFileSync(join(SSH_KEYS, 'rsa-pem-encrypted.key'), key);
    await page.click('[data-testid=nav-connections]');
    await page.click('[data-testid=profile-new]');
    const form = page.locator('[data-testid=profile-form]');
    opened.app.dialogs.push(key);
    await form.locator('[data-testid=key-import]').click();
    // The passphrase form opens from inside the profile form; its submit must still arrive.
    const ask = page.locator('[data-testid=passphrase-form]');
    await ask.locator('input[type=password]').fill('correct-horse');
    await ask.locator('input[type=password]').press('Enter');
    await expect.poll(() => form.locator('[data-testid=key-type]').textContent()).toContain('rsa');
    const keyPrint = fingerprintOf(join(SSH_KEYS, 'rsa-pem-encrypted.key.pub'));
    expect(await form.locator('[data-testid=key-fingerprint]').textContent()).toBe(keyPrint);
    expect(await ask.count()).toBe(0);
  });

  it('opens the new-connection form from the Files screen on first start', async () => {
    const { page } = opened;
    for (const profile of opened.services.profiles.list()) {
      opened.services.profiles.delete(profile.id);
    }
    await page.reload();
    const prompt = page.locator('[data-testid=pane-remote-disconnected]');
    await prompt.locator('button', { hasText: 'New connection' }).click();
    const form = page.locator('[data-testid=profile-form]');
    await form.waitFor();
    expect(await form.locator('input[name=name]').inputValue()).toBe('');
    expect(await page.locator('[data-testid=nav-connections]').getAttribute('aria-current')).toBe(
      'page',
    );
    await shoot(page, 'connections-first-start');
  });

  it('explains a public key or text file chosen as the key, without internal fields', async () => {
    const { page } = opened;
    const publicKey = join(work, 'id_rsa.pub');
    copyFileSync(join(SSH_KEYS, 'rsa-pem.key.pub'), publicKey);
    const notes = join(work, 'notes.txt');
    copyFileSync(join(SSH_KEYS, 'garbage.key'), notes);
    await page.click('[data-testid=nav-connections]');
    await page.click('[data-testid=profile-new]');
    const form = page.locator('[data-testid=profile-form]');
    for (const [file, text] of [
      [publicKey, 'This is the public half of a key.'],
      [notes, 'This file is not a private key file.'],
    ] as const) {
      opened.app.dialogs.push(file);
      await form.locator('[data-testid=key-import]').click();
      const error = form.locator('.error-message', { hasText: text });
      await error.waitFor();
      await error.locator('summary').click();
      const rows = error.locator('.detail-line');
      expect(await rows.locator('dt').allTextContents()).toEqual(['Error code']);
    }
    await shoot(page, 'connections-key-not-private');
  });

  it('shows a refused login in plain words', async () => {
    const { page } = opened;
    const id = await opened.addSshdProfile('Wrong user');
    const { createdMs: _c, updatedMs: _u, ...profile } = opened.services.profiles.get(id);
    opened.services.profiles.save({ ...profile, user: 'not-allowed-here' });
    // This flow is about the login, so the server's identity is already confirmed.
    appendFileSync(
      join(opened.app.dataDir, 'known_hosts'),
      `[${sshd.host}]:${sshd.port} ${sshd.hostKeys['ssh-ed25519']?.publicLine ?? ''}\n`,
    );
    await page.reload();

    await page.locator('[data-testid=site-card]', { hasText: 'Wrong user' }).click();
    const failure = page.locator('[data-testid=connect-failure]');
    await failure.waitFor();
    expect(await failure.locator('[data-testid=error-text]').textContent()).toBe(
      'The server did not accept this key for user "not-allowed-here". Check the user name and' +
        ' that you chose the key file Pyplan sent for this user.',
    );
    expect(await failure.textContent()).not.toMatch(/Error:|at \w+ \(|ssh2/);
    await shoot(page, 'connections-login-refused');
  });

  it('says what to do when a connection has no key yet, and tries nothing else', async () => {
    const { page } = opened;
    const id = await opened.addSshdProfile('Imported without key');
    const { createdMs: _c, updatedMs: _u, ...profile } = opened.services.profiles.get(id);
    opened.services.profiles.save({ ...profile, key: null });
    await page.reload();

    await page.locator('[data-testid=site-card]', { hasText: 'Imported without key' }).click();
    const text =
      'This connection has no key file yet. Open it under Connections and choose the key file' +
      ' Pyplan sent you.';
    const failure = page.locator('[data-testid=connect-failure]');
    expect(await failure.locator('[data-testid=error-text]').textContent()).toBe(text);

    await page.click('[data-testid=nav-connections]');
    await page.locator('[data-testid=profile-list] li', { hasText: 'without key' }).click();
    await page.locator('[data-testid=profile-test]').click();
    const steps = page.locator('[data-testid=test-panel] li');
    await expect
      .poll(() => steps.evaluateAll((els) => els.map((e) => e.className)))
      .toEqual(
        ['skipped', 'skipped', 'failed', 'skipped', 'skipped'].map((s) => `test-step step-${s}`),
      );
    expect(await steps.first().textContent()).toContain('Not tried');
    expect(await steps.nth(2).locator('[data-testid=error-text]').textContent()).toBe(text);
    await expect.poll(panelInView).toBe(true);
    await shoot(page, 'connections-no-key');
  });

  it('asks for the passphrase of a protected key and connects', async () => {
    const { page } = opened;
    const id = await opened.addSshdProfile('Protected key');
    const { createdMs: _c, updatedMs: _u, ...profile } = opened.services.profiles.get(id);
    const key = { kind: 'path' as const, path: join(SSH_KEYS, 'rsa-pem-encrypted.key') };
    opened.services.profiles.save({ ...profile, key });
    appendFileSync(
      join(opened.app.dataDir, 'known_hosts'),
      `[${sshd.host}]:${sshd.port} ${sshd.hostKeys['ssh-ed25519']?.publicLine ?? ''}\n`,
    );
    await page.reload();

    await page.locator('[data-testid=site-card]', { hasText: 'Protected key' }).click();
    const form = page.locator('[data-testid=passphrase-form]');
    await form.locator('input[type=password]').fill('wrong-horse');
    await form.locator('input[type=password]').press('Enter');
    await form.locator('.field-error').waitFor();
    await shoot(page, 'connections-passphrase-wrong');
    await form.locator('input[type=password]').fill(FIXTURE_PASSPHRASE);
    await form.locator('input[type=password]').press('Enter');
    await page.locator('[data-testid=pane-remote] [data-testid=pane-status]').waitFor();
    expect(await page.locator('[data-testid=status-chip]').textContent()).toContain(
      'Protected key',
    );
  });

  it('stops with both fingerprints when the server identity changed', async () => {
    const { page } = opened;
    const otherKey = join(SSH_KEYS, 'ed25519-openssh.key.pub');
    const stale = readFileSync(otherKey, 'utf8').split(' ').slice(0, 2).join(' ');
    await opened.addSshdProfile('Changed server');
    // Remember another key for this host, as if the server had been replaced.
    const knownHosts = join(opened.app.dataDir, 'known_hosts');
    writeFileSync(knownHosts, `[${sshd.host}]:${sshd.port} ${stale}\n`);
    await page.reload();

    await page.locator('[data-testid=site-card]', { hasText: 'Changed server' }).click();
    const stop = page.locator('[data-testid=host-key-stop]');
    await stop.waitFor();
    // Both fingerprints written alike; the key type is on its own line.
    expect(await stop.locator('[data-testid=host-key-old]').textContent()).toBe(
      fingerprintOf(otherKey),
    );
    expect(await stop.locator('[data-testid=host-key-new]').textContent()).toBe(
      sshd.hostKeys['ssh-ed25519']?.fingerprint,
    );
    expect(await stop.locator('button', { hasText: /trust/i }).count()).toBe(0);
    // One stop: the pane behind does not repeat it in a second red banner.
    expect(await page.locator('[data-testid=connect-failure]').count()).toBe(0);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe(scheme);
      expect(await stopTitleContrast(page)).toBeGreaterThanOrEqual(4.5);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await shoot(page, 'connections-host-key-changed');
    await stop.locator('.btn-danger').click();

    // Pyplan confirms the change: the user forgets the old identity in the profile, on purpose.
    await page.click('[data-testid=nav-connections]');
    await page.locator('[data-testid=profile-list] li', { hasText: 'Changed server' }).click();
    const form = page.locator('[data-testid=profile-form]');
    // The page cannot confirm this: main asks in its own dialog, naming the old fingerprint.
    opened.app.dialogs.confirms.push(false);
    await form.locator('[data-testid=forget-host-key]').click();
    await expect.poll(() => opened.app.dialogs.confirmQuestions.length).toBe(1);
    expect(readFileSync(knownHosts, 'utf8')).toContain(stale);
    expect(opened.app.dialogs.confirmQuestions[0]?.keys.map((k) => k.fingerprint)).toEqual([
      fingerprintOf(otherKey),
    ]);
    opened.app.dialogs.confirms.push(true);
    await form.locator('[data-testid=forget-host-key]').click();
    await expect
      .poll(() => form.locator('[data-testid=forget-host-key-result]').textContent())
      .toMatch(/^Forgotten/);
    expect(readFileSync(knownHosts, 'utf8')).not.toContain(stale);
    await shoot(page, 'connections-host-key-forgotten');

    // The next connection asks as for a new server, showing the new fingerprint to compare.
    await form.locator('[data-testid=profile-test]').click();
    const prompt = page.locator('[data-testid=host-key-dialog]');
    await prompt.waitFor();
    expect(await prompt.locator('[data-testid=host-key-fingerprint]').textContent()).toBe(
      sshd.hostKeys['ssh-ed25519']?.fingerprint,
    );
    await prompt.locator('[data-testid=host-key-trust]').click();
    await expect.poll(() => page.locator('[data-testid=test-panel] li.step-ok').count()).toBe(5);
  });

  it('imports sites from an OpenSSH config file', async () => {
    const { page } = opened;
    const config = join(work, 'ssh_config');
    writeFileSync(
      config,
      [
        'Host pyplan-prod',
        '  HostName sftp.pyplan.example',
        '  User finance-team',
        '  Port 2222',
        `  IdentityFile ${join(work, 'cert.pem')}`,
        'Host *',
        '  ServerAliveInterval 30',
        '',
      ].join('\n'),
    );
    await page.click('[data-testid=nav-connections]');
    await page.click('[data-testid=profile-import]');
    const dialog = page.locator('[data-testid=import-dialog]');
    opened.app.dialogs.push(config);
    await dialog.locator('.import-source').first().locator('.link-button').click();
    await dialog.locator('.import-list li', { hasText: 'pyplan-prod' }).waitFor();
    expect(await dialog.locator('.import-list').textContent()).toContain(
      'finance-team@sftp.pyplan.example:2222',
    );
    await shoot(page, 'connections-import');
    await dialog.locator('.btn-primary').click();
    await page.locator('[data-testid=profile-list] li', { hasText: 'pyplan-prod' }).waitFor();
    const imported = opened.services.profiles.list().find((p) => p.name === 'pyplan-prod');
    expect(imported).toMatchObject({
      host: 'sftp.pyplan.example',
      port: 2222,
      user: 'finance-team',
    });
  });

  it('duplicates, edits and deletes a profile', async () => {
    const { page } = opened;
    await opened.addSshdProfile('Month-end close');
    await page.reload();
    await page.click('[data-testid=nav-connections]');
    const list = page.locator('[data-testid=profile-list]');
    await list.locator('li', { hasText: 'Month-end close' }).click({ button: 'right' });
    await page.locator('[data-testid=menu-duplicate]').click();
    const form = page.locator('[data-testid=profile-form]');
    await expect
      .poll(() => form.locator('input[name=name]').inputValue())
      .toBe('Month-end close (copy)');

    await form.locator('input[name=name]').fill('Month-end close (backup)');
    await form.locator('input[name=remoteFolder]').fill('/outgoing');
    await form.locator('button[type=submit]').click();
    await list.locator('li', { hasText: 'Month-end close (backup)' }).waitFor();
    const saved = opened.services.profiles
      .list()
      .find((p) => p.name === 'Month-end close (backup)');
    expect(saved?.remoteFolder).toBe('/outgoing');

    await list.locator('li', { hasText: 'Month-end close (backup)' }).click({ button: 'right' });
    await page.locator('[data-testid=menu-delete]').click();
    await page.locator('[data-testid=confirm-dialog] .btn-danger').click();
    await expect.poll(() => list.locator('li', { hasText: '(backup)' }).count()).toBe(0);
    expect(opened.services.profiles.list().some((p) => p.name.includes('(backup)'))).toBe(false);
  });

  it('keeps OpenPGP keys and the look in Settings', async () => {
    const { page } = opened;
    await page.click('[data-testid=open-settings]');
    const dialog = page.locator('[data-testid=settings-dialog]');
    opened.app.dialogs.push(join(PGP_KEYS, 'platform-ed25519.pub.asc'));
    await dialog.locator('[data-testid=pgp-import]').click();
    await dialog.locator('.pgp-key').first().waitFor();
    await dialog.locator('label', { hasText: 'Dark' }).click();
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    await page.screenshot({ path: join(E2E_ARTIFACTS, 'connections-settings-forced-dark.png') });
    await dialog.locator('label', { hasText: 'Same as system' }).click();
    await shoot(page, 'connections-settings');
  });
});
