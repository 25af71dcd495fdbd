import { extractFeatures, defaultClassifierSettings } from '../src/classifier/index.js';
import { SoftmaxModel, softmaxInPlace, seededRandom } from '../src/classifier/softmax.js';
import { queriesOf, stratifiedFolds } from '../src/classifier/evaluation.js';
import { loadConfig } from '../src/config/index.js';
import { loadKnowledgeBase } from '../src/knowledge-base/index.js';
import { loadRegistry } from '../src/registry/index.js';
const config = loadConfig();
const kb = await loadKnowledgeBase(config.knowledgeBaseDir, await loadRegistry(config.knowledgeBaseDir));
const folds = stratifiedFolds(queriesOf(kb.intents), 3);
const groups = [...new Set(kb.intents.map((i) => i.group ?? 'OOS'))];
const intents = kb.intents.map((i) => i.id);
const gOfI = kb.intents.map((i) => groups.indexOf(i.group ?? 'OOS'));
const mode = process.argv[2] ?? 'base';
const rnd = seededRandom(3);
function dropout(text: string): string[] {
  const words = text.split(/\s+/);
  if (words.length < 4) return [];
  const out: string[] = [];
  for (let r = 0; r < 2; r++) { const k = Math.floor(rnd() * words.length); out.push(words.filter((_, i) => i !== k).join(' ')); }
  return out;
}
let okI = 0, okG = 0, okE = 0, n = 0;
for (let f = 0; f < 3; f++) {
  let train = folds.filter((_, i) => i !== f).flat().map((q) => ({ text: q.text, intent: q.intent!, group: q.group ?? 'OOS' }));
  if (mode === 'dropout') train = train.flatMap((q) => [q, ...dropout(q.text).map((t) => ({ ...q, text: t }))]);
  const feats = train.map((q) => extractFeatures(q.text));
  const tr = defaultClassifierSettings.training;
  const mi = SoftmaxModel.train(feats.map((x, i) => ({ features: x, label: intents.indexOf(train[i]!.intent) })), intents.length, tr);
  const mg = SoftmaxModel.train(feats.map((x, i) => ({ features: x, label: groups.indexOf(train[i]!.group) })), groups.length, tr);
  for (const q of folds[f]!) {
    const x = extractFeatures(q.text);
    const pi = softmaxInPlace(mi.logits(x), 0.65); const pg = softmaxInPlace(mg.logits(x), 0.65);
    const sum = new Float64Array(groups.length); pi.forEach((p, i) => (sum[gOfI[i]!]! += p));
    const want = groups.indexOf(q.group ?? 'OOS');
    const arg = (a: Float64Array) => a.indexOf(Math.max(...a));
    n++; if (arg(sum) === want) okI++; if (arg(pg) === want) okG++;
    const ens = sum.map((p, i) => (p + pg[i]!) / 2); if (arg(ens) === want) okE++;
  }
}
console.log(mode, 'intent-sum', (okI / n).toFixed(3), 'group-model', (okG / n).toFixed(3), 'ensemble', (okE / n).toFixed(3));
