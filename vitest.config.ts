import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests start real processes (the service, redis-server) and talk to real PostgreSQL and Redis.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
