/** Re-renders bench/results/classifier.html from classifier.json (after a run, or to restyle the page). */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../src/config/index.js';
import { classifierCharts } from './classifier-page.js';

const dir = path.join(packageRoot, 'bench', 'results');
writeFileSync(path.join(dir, 'classifier.html'), classifierCharts(JSON.parse(readFileSync(path.join(dir, 'classifier.json'), 'utf8'))));
process.stderr.write('wrote bench/results/classifier.html\n');
