import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cliPath } from '../support/processes.js';

function classify(input: string, env: Record<string, string> = {}, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, 'classify', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('en-indgang classify', () => {
  it('writes exactly one JSON line per input line, in order, with the contract fields', async () => {
    const input = [
      JSON.stringify({ id: 'q1', text: 'Hvad tid kommer min hjemmepleje?', channel: 'chat', citizen: { age: 82, postnummer: '2300' } }),
      '{not json',
      JSON.stringify({ id: 'q3', channel: 'phone' }),
      JSON.stringify({ id: 'q4', text: 'Jeg skal aflyse min tid i Jobcentret i dag', channel: 'web' }),
      JSON.stringify({ id: 'q5', text: 'hej', channel: 'fax' }),
    ].join('\n');
    const { code, stdout } = await classify(`${input}\n`);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(['q1', null, 'q3', 'q4', 'q5']);
    expect(lines[0]).toMatchObject({ group: 'suf-hjemmepleje', forvaltning: 'SUF', handling: 'straksafklaring' });
    for (const field of ['group', 'kontaktcenter', 'forvaltning', 'confidence', 'handling', 'firstLine', 'intents', 'alternatives', 'missing']) {
      expect(lines[0]).toHaveProperty(field);
    }
    // 2300 spans Amager Øst and Vest, which share one hjemmepleje area (routing-rules/rules/areas.yaml).
    expect(lines[0]).toMatchObject({ kontaktcenter: 'suf-hjemmepleje-5', firstLine: 'suf-hjemmepleje-5', missing: [] });
    expect(lines[1]).toEqual({ id: null, error: 'not valid JSON' });
    expect(lines[2]).toEqual({ id: 'q3', error: 'text: expected a string' });
    expect(lines[3]).toMatchObject({ group: 'bif-jobcenter', handling: 'tidsbestilling' });
    expect(lines[4]).toEqual({ id: 'q5', error: 'channel: expected chat, phone or web' });
  });

  it('logs go to stderr, and a CPR number reaches neither stream', async () => {
    const { stdout, stderr } = await classify(`${JSON.stringify({ id: 'c', text: 'mit cpr er 010190-1234 og min regning er forkert' })}\n`, { LOG_LEVEL: 'debug' });
    expect(stderr).toContain('"msg":"classified"');
    expect(stdout + stderr).not.toMatch(/010190|0101901234/);
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });

  it('routes by the scenario given, and refuses an invalid one naming the file and the rule', async () => {
    const line = `${JSON.stringify({ id: 'h', text: 'Hvornår kommer hjemmeplejen?', citizen: { age: 80, bydel: 'valby' } })}\n`;
    const baseline = JSON.parse((await classify(line, {}, ['--at', '2026-12-02T11:00:00Z'])).stdout) as Record<string, unknown>;
    expect(baseline).toMatchObject({ scenario: 'baseline-2024', kontaktcenter: 'suf-hjemmepleje-4', firstLine: 'suf-hjemmepleje-4' });
    const runde1 = await classify(line, {}, ['--scenario', 'en-indgang-kff-runde-1', '--at', '2026-12-02T11:00:00Z']);
    expect(JSON.parse(runde1.stdout)).toMatchObject({ scenario: 'en-indgang-kff-runde-1', kontaktcenter: 'suf-hjemmepleje-4', forvaltning: 'SUF', firstLine: 'en-indgang' });

    const { code, stdout, stderr } = await classify(line, {}, ['--scenario', 'baseline-2024,a9-hjemmepleje-s1,a9-hjemmepleje-s2']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/scenario "baseline-2024,a9-hjemmepleje-s1,a9-hjemmepleje-s2" is invalid: composition: \[one-per-area\] a9-hjemmepleje-s1 and a9-hjemmepleje-s2 are alternatives in area 9/);
    const unknown = await classify(line, {}, ['--scenario', 'no-such-scenario']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown scenario "no-such-scenario"/);
  });
});
