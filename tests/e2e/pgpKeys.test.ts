import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Result } from '../../shared/errors.ts';
import { PGP_KEYS } from '../helpers/fixtures.ts';
import { shoot } from './ui.ts';
import { PROFILE, useWorld } from './world.ts';

/**
 * Settings → OpenPGP keys: each key says what it can do without contradicting itself, the
 * user makes and hands out a key pair of their own, and deleting a key that a connection
 * encrypts to names that connection.
 */
const PLATFORM = '76247DB6B9C8CB9B3833C9D571450356B1A431CF';
const EXPIRES_MS = Date.UTC(2024, 11, 31);

const world = useWorld({
  tag: 'pgp-keys',
  profile: null,
  setup: async ({ opened }) => {
    await opened.addSshdProfile(PROFILE, { recipients: [PLATFORM], encryptOnUpload: true });
  },
});

/** The fixture keys held again (a flow may have deleted one), and the key list open. */
async function openKeys(): Promise<Page> {
  const { page, app } = world.opened;
  for (const file of ['platform-ed25519.pub.asc', 'expired.pub.asc', 'signonly.pub.asc']) {
    const imported = (await app.call('pgp:importKey', {
      path: join(PGP_KEYS, file),
    })) as Result<unknown>;
    expect(imported.ok).toBe(true);
  }
  await page.reload();
  await page.click('[data-testid=open-settings]');
  await page.locator('[data-testid=settings-dialog]').waitFor();
  return page;
}

const keyRow = (page: Page, name: string) =>
  page.locator('[data-testid=pgp-key]', { hasText: name });

describe('Settings → OpenPGP keys', () => {
  it('says what each key can do, and when an expired one expired', async () => {
    const page = await openKeys();
    const facts = (name: string) => keyRow(page, name).locator('[data-testid=pgp-key-facts]');
    const day = new Intl.DateTimeFormat('en', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(EXPIRES_MS);
    expect(await facts('Fixture Platform').textContent()).toBe('Public key (encrypt to it)');
    expect(await facts('Fixture Expired').textContent()).toBe(`Public key · Expired on ${day}`);
    expect(await facts('Fixture Sign Only').textContent()).toBe('Public key · cannot encrypt');
    // Public keys are for encrypting to; only the user's own are offered to export.
    expect(await page.locator('[data-testid=pgp-key-export]').count()).toBe(0);
    await shoot(page, 'pgp-keys-list');
  });

  it('creates a key pair and shows its public key to send', async () => {
    const page = await openKeys();
    await page.click('[data-testid=pgp-generate]');
    const dialog = page.locator('[data-testid=pgp-generate-dialog]');
    await dialog.waitFor();
    await dialog.locator('[data-testid=pgp-generate-name]').fill('Ana Lyst');
    await dialog.locator('[data-testid=pgp-generate-email]').fill('ana at example.com');
    await dialog.locator('[data-testid=pgp-generate-passphrase]').fill('correct horse');
    await dialog.locator('[data-testid=pgp-generate-repeat]').fill('correct hose');
    await dialog.locator('[data-testid=pgp-generate-submit]').click();
    expect(await dialog.locator('.field-error').allTextContents()).toEqual([
      'Enter an email address such as name@example.com.',
      'The two passphrases differ.',
    ]);
    await shoot(page, 'pgp-generate-mistakes');

    await dialog.locator('[data-testid=pgp-generate-email]').fill('ana@example.com');
    await dialog.locator('[data-testid=pgp-generate-repeat]').fill('correct horse');
    await shoot(page, 'pgp-generate-dialog');
    await dialog.locator('[data-testid=pgp-generate-submit]').click();
    await dialog.waitFor({ state: 'detached' });
    const mine = keyRow(page, 'Ana Lyst <ana@example.com>');
    expect(await mine.locator('[data-testid=pgp-key-facts]').textContent()).toBe(
      'Your key (can decrypt)',
    );
    await shoot(page, 'pgp-keys-own');

    await mine.locator('[data-testid=pgp-key-export]').click();
    const exported = page.locator('[data-testid=pgp-export-dialog]');
    const text = exported.locator('[data-testid=pgp-export-text]');
    await text.waitFor();
    expect(await text.inputValue()).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    expect(await text.inputValue()).not.toContain('PRIVATE');
    expect(await exported.locator('h2').textContent()).toBe(
      'Public key of “Ana Lyst <ana@example.com>”',
    );
    await shoot(page, 'pgp-export-dialog');
    await exported.locator('[data-testid=pgp-export-copy]').click();
    // Said only once the clipboard took the text (reading it back is refused in the page).
    expect(await exported.locator('[role=status]').textContent()).toBe('Copied to the clipboard.');
    await exported.locator('.btn-primary').click();
    await exported.waitFor({ state: 'detached' });
  });

  it('names the connections that encrypt to a key before deleting it', async () => {
    const page = await openKeys();
    await keyRow(page, 'Fixture Platform').locator('[data-testid=pgp-key-delete]').click();
    const confirm = page.locator('[data-testid=confirm-dialog]');
    await confirm.waitFor();
    const usedBy = confirm.locator('[data-testid=pgp-delete-used-by]');
    expect(await usedBy.textContent()).toBe(
      'This connection encrypts its uploads to it:' +
        PROFILE +
        'After the deletion its uploads are refused, never sent unencrypted, until you choose' +
        ' another key under its Encryption settings.',
    );
    await shoot(page, 'pgp-delete-used-by');
    // A key no connection uses asks no more than that.
    await confirm.locator('.btn:not(.btn-danger)').click();
    await keyRow(page, 'Fixture Expired').locator('[data-testid=pgp-key-delete]').click();
    await confirm.waitFor();
    expect(await confirm.locator('[data-testid=pgp-delete-used-by]').count()).toBe(0);
    await confirm.locator('.btn-danger').click();
    await keyRow(page, 'Fixture Expired').waitFor({ state: 'detached' });
  });
});
