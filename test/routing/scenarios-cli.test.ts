import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { startService, type RunningService } from '../../src/service.js';
import { testDatabaseTarget, type TestDatabaseTarget } from '../support/database.js';
import { captureLogs } from '../support/logs.js';
import { runCli } from '../support/processes.js';

describe('en-indgang scenarios', () => {
  it('list: every scenario file with its variant, greb and status', async () => {
    const { code, stdout, stderr } = await runCli(['scenarios', 'list', '--json']);
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; valid: boolean; warnings: number });
    expect(rows).toHaveLength(18);
    expect(rows.every((r) => r.valid)).toBe(true);
    expect(rows.find((r) => r.id === 'hjemmepleje-samlet')).toMatchObject({ variant: 'en-indgang-kff-runde-1', greb: ['a9-hjemmepleje-s2+hjaelpemidler', 'a10-csv', 'd-b2025-adhd-add'] });
    expect(stderr).toMatch(/18 scenarios, 4 Én Indgang variants, 24 greb/);
  });

  it('validate: all files pass (exit 0); a broken composition fails (exit 1) naming the rule', async () => {
    const all = await runCli(['scenarios', 'validate']);
    expect(all.code).toBe(0);
    expect(all.stderr).toMatch(/18 of 18 valid/);
    const broken = await runCli(['scenarios', 'validate', 'en-indgang-kff,a6-byens-rum-s3,a5-tmf-opdeling,a3-social-beskaeftigelse-a']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/INVALID\n {2}error: composition: \[mutually-exclusive:byens-rum-og-tmf-opdeling\] a6-byens-rum-s3 with a5-tmf-opdeling/);
  });

  it('diff: exactly the units that change, as JSON and as a table', async () => {
    const json = await runCli(['scenarios', 'diff', 'baseline-2024', 'baseline-2024,a9-hjemmepleje-s2', '--json']);
    expect(json.code).toBe(0);
    const diff = JSON.parse(json.stdout) as { units: Array<{ unit: string }>; tasks: Array<{ intent: string }>; rules: Array<{ rule: string }> };
    expect(diff.units.map((u) => u.unit)).toEqual(['sof-sociale-hjemmepleje']);
    expect(diff.tasks.map((t) => t.intent)).toEqual(['hjemmepleje-sygepleje']);
    expect(diff.rules.map((r) => r.rule)).toEqual(['hjemmepleje-alder', 'visitation-alder']);
    const text = await runCli(['scenarios', 'diff', 'baseline-2024', 'en-indgang-kff-runde-1']);
    expect(text.stdout.split('\n').filter((l) => /^(sof|suf|kff|buf)-/.test(l))).toHaveLength(9);
    const bad = await runCli(['scenarios', 'diff', 'baseline-2024', 'nope']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown scenario "nope"/);
  });

  it('explain: the decision and why', async () => {
    const { code, stdout } = await runCli(['scenarios', 'explain', 'en-indgang-kff-runde-1', '--text', 'Min mor på 82 venter på hjemmeplejen, hun bor i Valby', '--at', '2026-12-02T23:00:00+01:00']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/kontaktcenter suf-hjemmepleje-4/);
    expect(stdout).toMatch(/first line {4}en-indgang/);
    expect(stdout).toMatch(/age 82 → suf-hjemmepleje/);
    const wrong = await runCli(['scenarios', 'explain', 'baseline-2024', '--text', 'hej', '--at', 'yesterday']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/--at: "yesterday" is not a date and time/);
  });

  describe('activate (against a running service)', () => {
    let service: RunningService;
    let target: TestDatabaseTarget;
    const token = 'ops-token-abcdef0123456789';
    beforeAll(async () => {
      target = testDatabaseTarget();
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: target.url, DATABASE_SCHEMA: target.schema, REDIS_AUTOSTART: 'false', WORKERS: 'false', ADMIN_TOKENS: `ops=${token}` });
      service = await startService(config, captureLogs('info').logger);
    }, 60_000);
    afterAll(async () => {
      await service?.stop();
      await target?.cleanup();
    });

    it('switches with the admin token, and says why it cannot without', async () => {
      const ok = await runCli(['scenarios', 'activate', 'en-indgang-kff', '--url', service.url, '--reason', 'Runde 2'], { ADMIN_TOKEN: token });
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/^active scenario: en-indgang-kff \(by ops at /);
      expect(service.scenarios.active.current.table.scenario).toBe('en-indgang-kff');
      const invalid = await runCli(['scenarios', 'activate', 'baseline-2024,a5-tmf-opdeling', '--url', service.url], { ADMIN_TOKEN: token });
      expect(invalid.code).toBe(1);
      expect(invalid.stderr).toMatch(/422 Scenario breaks a routing rule: scenario "baseline-2024,a5-tmf-opdeling" is invalid/);
      const noToken = await runCli(['scenarios', 'activate', 'baseline-2024', '--url', service.url], { ADMIN_TOKEN: '' });
      expect(noToken.code).toBe(1);
      expect(noToken.stderr).toMatch(/ADMIN_TOKEN is not set/);
    });
  });
});
