import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/index.js';

describe('loadConfig', () => {
  it('serves on one machine with no settings at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: 'sqlite:./data/en-indgang.sqlite',
      redisUrl: 'redis://127.0.0.1:6379',
      redisAutostart: true,
      logLevel: 'info',
    });
    expect(config.knowledgeBaseDir).toMatch(/knowledge-base$/);
  });

  it('reads every setting from the environment', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://app@db:5432/en_indgang',
      DATABASE_SCHEMA: 'en_indgang',
      REDIS_URL: 'redis://cache:6379/2',
      REDIS_AUTOSTART: 'false',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://app@db:5432/en_indgang',
      databaseSchema: 'en_indgang',
      redisUrl: 'redis://cache:6379/2',
      redisAutostart: false,
      logLevel: 'warn',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT: expected an integer port number \(got "abc"\)$/],
    [{ PORT: '70000' }, /^Invalid configuration: PORT: expected a port between 0 and 65535/],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL: expected one of fatal, error/],
    [{ DATABASE_URL: 'mysql://x' }, /^Invalid configuration: DATABASE_URL: expected sqlite:<file path> or postgres:/],
    [{ REDIS_URL: 'localhost:6379' }, /^Invalid configuration: REDIS_URL: expected redis:\/\/host:port/],
    [{ REDIS_AUTOSTART: 'maybe' }, /^Invalid configuration: REDIS_AUTOSTART: expected true or false/],
  ])('stops with one line naming the variable for %j', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(message);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('never prints a password from a URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://app:s3cret@db/x' })).toThrowError(/app:\*\*\*@db/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://app:s3cret@db/x' })).not.toThrowError(/s3cret/);
  });
});
