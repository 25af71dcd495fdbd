export { createRedis, createProbeClient, pingRedis } from './connection.js';
export type { RedisConnectionOptions } from './connection.js';
export { ensureRedis, redisAnswers, findOnPath, RedisUnavailableError } from './local-server.js';
export type { LocalRedis } from './local-server.js';
