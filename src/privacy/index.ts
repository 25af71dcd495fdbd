export { redactCpr, containsCpr, CPR_PLACEHOLDER } from './cpr.js';
