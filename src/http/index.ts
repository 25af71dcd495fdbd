export { createApp } from './app.js';
export type { AppDependencies } from './app.js';
export { HttpProblem, problemTypes, sendProblem, parseRequestPart } from './problem.js';
export type { ReadinessCheck } from './readiness.js';
