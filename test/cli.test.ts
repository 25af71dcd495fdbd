import { describe, expect, it } from 'vitest';
import { runCli } from './support/processes.js';

describe('en-indgang kontaktcentre list', () => {
  it('prints a table on stdout and a summary on stderr', async () => {
    const { code, stdout, stderr } = await runCli(['kontaktcentre', 'list']);
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^ID\s+FORV\.\s+GROUP\s+PHONE\s+HOURS\s+NAME$/);
    expect(rows).toHaveLength(54);
    expect(stdout).toMatch(/tmf-kontaktcenter\s+TMF\s+3366 5600\s+09\.00–16\.00\s+TMF Kontaktcenter/);
    expect(stderr).toBe('53 kontaktcentre in 40 services over 7 forvaltninger\n');
  });

  it('--json writes one registry entry per line, nothing else', async () => {
    const { code, stdout } = await runCli(['kontaktcentre', 'list', '--json', '--forvaltning', 'suf']);
    expect(code).toBe(0);
    const entries = stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: string; forvaltning: string });
    expect(entries).toHaveLength(19);
    expect(entries.every((e) => e.forvaltning === 'SUF')).toBe(true);
  });

  it('an unknown forvaltning is an error with the known codes', async () => {
    const { code, stderr, stdout } = await runCli(['kontaktcentre', 'list', '--forvaltning', 'XYZ']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('en-indgang: unknown forvaltning "XYZ" (known: BIF, BUF, KFF, SOF, SUF, TMF, ØKF)\n');
  });

  it('an unknown command shows help and fails', async () => {
    const { code, stderr } = await runCli(['frobnicate']);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/unknown command 'frobnicate'/);
  });
});
