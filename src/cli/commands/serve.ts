import type { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { createLogger } from '../../logging/index.js';
import { startService } from '../../service.js';
import { exitWithError } from '../errors.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API, with the pipeline workers unless WORKERS=false (settings from environment variables; see README)')
    .action(() => run({ http: true }));
  program
    .command('worker')
    .description('run only the pipeline workers (classify → route → handle), recovery and dispatching: scale or restart them apart from HTTP')
    .action(() => run({ http: false }));
}

async function run(roles: { http: boolean }): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    exitWithError(error);
  }
  const logger = createLogger({ level: config.logLevel });
  let service;
  try {
    service = await startService(roles.http ? config : { ...config, workers: true }, logger, roles);
  } catch (error) {
    logger.fatal({ err: error instanceof Error ? { message: error.message, name: error.name } : error }, 'start-up failed');
    exitWithError(error);
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 2000).unref();
    service.stop().then(
      () => {
        clearTimeout(force);
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => exitWithError(error),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
