import { it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp } from './harness.ts';
import { startSshd } from '../helpers/sshd.ts';

it('explore', async () => {
  const sshd = await startSshd();
  for (let i = 0; i < 30; i++) writeFileSync(join(sshd.root, `report-${i}.csv`), 'x'.repeat(i * 1000));
  mkdirSync(join(sshd.root, 'Quarterly'));
  const opened = await openApp({ sshd });
  const page = opened.page;
  const id = await opened.addSshdProfile('Pyplan Cloud');
  await page.reload();
  await page.waitForTimeout(1000);
  await opened.screenshot('x-start');
  await page.click('[data-testid=site-card]');
  await page.waitForTimeout(2000);
  await opened.screenshot('x-connected');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(300);
  await opened.screenshot('x-connected-dark');
  console.log(opened.errors, id);
  await opened.close();
  await sshd.stop();
});
