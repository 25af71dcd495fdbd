import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { startService, type RunningService } from '../../src/service.js';
import { browserMissing, launchBrowser } from '../support/browser.js';
import { testDatabaseTarget, type TestDatabaseTarget } from '../support/database.js';
import { captureLogs } from '../support/logs.js';

describe.skipIf(browserMissing)('the scenario page in a real browser', () => {
  let service: RunningService;
  let target: TestDatabaseTarget;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    target = testDatabaseTarget();
    service = await startService(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: target.url, DATABASE_SCHEMA: target.schema, REDIS_AUTOSTART: 'false', WORKERS: 'false' }), captureLogs('info').logger);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await target?.cleanup();
  });

  it('shows the 53 kontaktcentre under each scenario, marks what changes, and renders to a screenshot', async () => {
    const page = await browser.context.newPage();
    const response = await page.goto(`${service.url}/scenarios`);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toBe('Ressortscenarier — Én Indgang');
    const scenarios = await page.locator('thead .scenario').allTextContents();
    expect(scenarios).toEqual(['baseline-2024', 'en-indgang-kff-runde-1', 'en-indgang-kff', 'en-indgang-bif', 'hjemmepleje-samlet', 'tmf-deling-bsf', 'erhverv-ebf']);
    expect(await page.locator('tbody th[scope=row]').count()).toBe(53);
    const changed = await page.locator('tfoot td[data-changed]').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-changed'))));
    expect(changed.slice(0, 4)).toEqual([0, 9, 53, 53]);
    // Under Runde 1 the SUF hjemmepleje areas are answered by Én Indgang and keep SUF as owner.
    const cell = page.locator('td[data-unit="suf-hjemmepleje-3"][data-scenario="en-indgang-kff-runde-1"]');
    expect(await cell.getAttribute('data-first-line')).toBe('en-indgang');
    expect(await cell.getAttribute('data-owner')).toBe('SUF');
    expect(await cell.evaluate((el) => el.classList.contains('changed'))).toBe(true);
    expect(await page.locator('td[data-unit="sof-sociale-hjemmepleje"][data-scenario="hjemmepleje-samlet"] .note').textContent()).toBe('betjenes af suf-hjemmepleje');
    const shot = path.join(tmpdir(), `en-indgang-scenarios-${process.pid}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(50_000);
  });

  it('takes other columns by ?ids=, and refuses a broken one as problem+json', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${service.url}/scenarios?ids=${encodeURIComponent('baseline-2024;baseline-2024,a9-hjemmepleje-s2')}`);
    expect(await page.locator('tfoot td[data-changed]').allTextContents()).toEqual(['0', '1']);
    const bad = await page.goto(`${service.url}/scenarios?ids=${encodeURIComponent('baseline-2024,a5-tmf-opdeling')}`);
    expect(bad?.status()).toBe(422);
    expect(bad?.headers()['content-type']).toMatch(/application\/problem\+json/);
  });
});
