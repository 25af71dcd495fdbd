import { fileURLToPath } from 'node:url';
import path from 'node:path';

// This file sits at src/config/ (vitest) or dist/config/ (built): the package root is two levels up either way.
export const packageRoot = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));

export const defaultKnowledgeBaseDir = path.join(packageRoot, 'knowledge-base');
export const defaultRoutingRulesDir = path.join(packageRoot, 'routing-rules');
