import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { packageRoot } from '../../src/config/index.js';

export const cliPath = path.join(packageRoot, 'bin', 'en-indgang.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface RunningProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

export function startProcess(command: string, args: readonly string[], env: Record<string, string | undefined>): RunningProcess {
  const child = spawn(command, args, { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Runs the CLI to its end. */
export async function runCli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const running = startProcess(process.execPath, [cliPath, ...args], { ...process.env, ...env });
  const code = await running.exited;
  return { code, stdout: running.stdout(), stderr: running.stderr() };
}

/**
 * Trains the classifier once with the built CLI (`classify` on empty input) into a model cache, so that the
 * processes a test starts load the models instead of each training them: those tests are about serving and
 * recovering, and training time (seconds, and more on a busy machine) is measured in bench/startup.ts.
 */
export async function warmModelCache(dir: string): Promise<void> {
  const { code, stderr } = await runCli(['classify'], { MODEL_CACHE_DIR: dir, LOG_LEVEL: 'warn' });
  if (code !== 0) throw new Error(`en-indgang classify could not fill the model cache (exit ${code}): ${stderr}`);
}

/** Polls `probe` until it returns true or `timeoutMs` passes; resolves with the time it took. */
export async function waitFor(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await probe().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
