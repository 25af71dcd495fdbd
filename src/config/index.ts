export { loadConfig, ConfigError, redactUrlPassword, settingDescriptions } from './config.js';
export type { Config } from './config.js';
export { packageRoot } from './paths.js';
