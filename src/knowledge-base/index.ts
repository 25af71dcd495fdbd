export { loadKnowledgeBase, KnowledgeBaseError, INTENTS_DIR } from './load.js';
export { KnowledgeBase, GENERAL_GROUP } from './knowledge-base.js';
export type { Intent, IntentKind, ServiceWithoutIntents } from './knowledge-base.js';
export type { Handling, CitizenNeed } from './schema.js';
export { MIN_EXAMPLES_PER_INTENT } from './schema.js';
