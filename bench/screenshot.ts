/**
 * Renders a benchmark page in the machine's Chromium (Debian package, via playwright-core) and saves a PNG
 * beside it, so the comparison can be looked at, not only read.
 *
 *   npx tsx bench/screenshot.ts bench/results/classifier.html
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const page = process.argv[2];
if (page === undefined) {
  process.stderr.write('usage: tsx bench/screenshot.ts <page.html>\n');
  process.exit(2);
}
const profile = mkdtempSync(path.join(tmpdir(), 'en-indgang-chromium-'));
// A fresh profile each run; playwright passes it to Chromium as --user-data-dir.
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  viewport: { width: 900, height: 600 },
});
try {
  const tab = await browser.newPage();
  await tab.goto(pathToFileURL(path.resolve(page)).href);
  const out = page.replace(/\.html$/, '.png');
  await tab.screenshot({ path: out, fullPage: true });
  process.stderr.write(`wrote ${out}\n`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
