export { ServiceMetrics } from './metrics.js';
