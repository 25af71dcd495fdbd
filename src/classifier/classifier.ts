import { GENERAL_GROUP, type Intent, type IntentKind, type KnowledgeBase } from '../knowledge-base/index.js';
import { extractFeatures, defaultFeatureOptions, type FeatureOptions } from './features.js';
import { splitSegments } from './segment.js';
import { SoftmaxModel, defaultTrainingOptions, softmaxInPlace, type TrainingOptions } from './softmax.js';
import { redactCpr } from '../privacy/index.js';
import { normalizeText, tokenize, isStopword } from './text.js';

export interface ClassifierSettings {
  readonly features: FeatureOptions;
  readonly training: TrainingOptions;
  /** Divides the logits before the softmax; fitted by cross-validation (`en-indgang eval --cv`). */
  readonly temperature: number;
  /** Below this confidence in the best service, the query goes to first-line personal service. */
  readonly minConfidence: number;
  /** A part of a message counts as a separate need from this confidence on. */
  readonly minSegmentConfidence: number;
  /** Also train on each intent's title and answer text (KB content, not examples): more of the services' own words. */
  readonly trainOnDescriptions: boolean;
  /**
   * From this confidence of the whole message in one service, that service is the primary need when the first
   * part of the message leans elsewhere with less confidence (often a sentence of context: "Jeg har ADD og tager
   * en uddannelse."). Measured: 5-fold CV top-1 +2 points.
   */
  readonly wholeMessageConfidence: number;
  /**
   * From this probability of first line (out of scope and the general set together), the message goes to first
   * line even when one service scores higher than either of the two alone.
   */
  readonly firstLineConfidence: number;
}

export const defaultClassifierSettings: ClassifierSettings = {
  features: defaultFeatureOptions,
  training: defaultTrainingOptions,
  temperature: 1,
  minConfidence: 0.3,
  minSegmentConfidence: 0.5,
  trainOnDescriptions: true,
  wholeMessageConfidence: 0.5,
  firstLineConfidence: 0.3,
};

export interface GroupScore {
  /** null: out of scope (not the kommune's). */
  readonly group: string | null;
  readonly confidence: number;
}

export interface IntentScore {
  readonly intent: string;
  readonly group: string | null;
  readonly kind: IntentKind;
  readonly confidence: number;
}

/** The model's view of one piece of text: intents and services ranked by calibrated probability. */
export interface Prediction {
  readonly intents: readonly IntentScore[];
  readonly groups: readonly GroupScore[];
  /** Probability that the text belongs to first line: out of scope or the general set. */
  readonly firstLine: number;
}

export type Outcome = 'matched' | 'out-of-scope' | 'low-confidence';

export interface Need extends IntentScore {
  /** The part of the message this need was read from (CPR numbers redacted). */
  readonly text: string;
}

export interface Classification {
  readonly outcome: Outcome;
  /** The best service; null when out of scope or too uncertain. */
  readonly group: string | null;
  readonly confidence: number;
  /** Every separate need, the primary first; empty when nothing in the kommune matched. */
  readonly needs: readonly Need[];
  /** The next most likely services for the primary need. */
  readonly alternatives: readonly GroupScore[];
}

/** Trained from the knowledge base at start-up; classification is a pure function of the text. */
export class IntentClassifier {
  private readonly groupKeys: Array<string | null>;

  private constructor(
    private readonly model: SoftmaxModel,
    /** Trained on the services themselves: more examples per class than per intent, so it ranks services better (+2.7 points in 3-fold CV). */
    private readonly groupModel: SoftmaxModel,
    private readonly labels: readonly Intent[],
    readonly settings: ClassifierSettings,
    readonly trainingMs: number,
  ) {
    this.groupKeys = groupKeysOf(labels);
  }

  static train(intents: readonly Intent[], settings: ClassifierSettings = defaultClassifierSettings, examples?: ReadonlyArray<{ text: string; intent: string }>): IntentClassifier {
    const started = performance.now();
    const labels = [...intents];
    const labelOf = new Map(labels.map((intent, index) => [intent.id, index]));
    const groupKeys = groupKeysOf(labels);
    const descriptions = settings.trainOnDescriptions
      ? intents.filter((intent) => intent.kind === 'service').flatMap((intent) => [intent.title, intent.answer].map((text) => ({ text, intent: intent.id })))
      : [];
    const data = [...(examples ?? intents.flatMap((intent) => intent.examples.map((text) => ({ text, intent: intent.id })))), ...descriptions].map((example) => {
      const label = labelOf.get(example.intent)!;
      return { features: extractFeatures(example.text, settings.features), label, group: groupKeys.indexOf(labels[label]!.group) };
    });
    const model = SoftmaxModel.train(data, labels.length, settings.training);
    const groupModel = SoftmaxModel.train(
      data.map((d) => ({ features: d.features, label: d.group })),
      groupKeys.length,
      settings.training,
    );
    return new IntentClassifier(model, groupModel, labels, settings, performance.now() - started);
  }

  /** The two trained models, for the model cache. */
  snapshot(): { intentModel: ReturnType<SoftmaxModel['snapshot']>; groupModel: ReturnType<SoftmaxModel['snapshot']>; labels: string[] } {
    return { intentModel: this.model.snapshot(), groupModel: this.groupModel.snapshot(), labels: this.labels.map((l) => l.id) };
  }

  /** A classifier from cached models; the intents must be the ones it was trained on, in the same order. */
  static restore(intents: readonly Intent[], settings: ClassifierSettings, snapshot: ReturnType<IntentClassifier['snapshot']>): IntentClassifier {
    if (snapshot.labels.length !== intents.length || snapshot.labels.some((id, i) => intents[i]!.id !== id)) throw new Error('cached model was trained on other intents');
    return new IntentClassifier(SoftmaxModel.restore(snapshot.intentModel), SoftmaxModel.restore(snapshot.groupModel), [...intents], settings, 0);
  }

  static fromKnowledgeBase(knowledgeBase: KnowledgeBase, settings?: ClassifierSettings): IntentClassifier {
    return IntentClassifier.train(knowledgeBase.intents, settings);
  }

  /** Raw intent logits. */
  logits(text: string): Float64Array {
    return this.model.logits(extractFeatures(text, this.settings.features));
  }

  /** Raw service logits, in the order of `groupIds`, for calibration. */
  groupLogits(text: string): Float64Array {
    return this.groupModel.logits(extractFeatures(text, this.settings.features));
  }

  get groupIds(): ReadonlyArray<string | null> {
    return this.groupKeys;
  }

  predict(text: string, temperature = this.settings.temperature): Prediction {
    const features = extractFeatures(text, this.settings.features);
    const probabilities = softmaxInPlace(this.model.logits(features), temperature);
    // Objects only for the few best: this runs several times per message.
    const groupProbabilities = softmaxInPlace(this.groupModel.logits(features), temperature);
    const groups = topIndices(groupProbabilities, 6).map((g) => ({ group: this.groupKeys[g]!, confidence: groupProbabilities[g]! }));
    const outOfScope = this.groupKeys.indexOf(null);
    const general = this.groupKeys.indexOf(GENERAL_GROUP);
    const firstLine = (outOfScope < 0 ? 0 : groupProbabilities[outOfScope]!) + (general < 0 ? 0 : groupProbabilities[general]!);
    if (firstLine >= this.settings.firstLineConfidence && groups[0]!.group !== null && groups[0]!.group !== GENERAL_GROUP) {
      // First line as a whole outranks the best service: the larger of its two classes goes first.
      const pick = outOfScope >= 0 && (general < 0 || groupProbabilities[outOfScope]! >= groupProbabilities[general]!) ? outOfScope : general;
      const lead = { group: this.groupKeys[pick]!, confidence: groupProbabilities[pick]! };
      groups.splice(0, groups.length, lead, ...groups.filter((g) => g.group !== lead.group).slice(0, 5));
    }
    const intents = topIndices(probabilities, 8).map((i) => {
      const intent = this.labels[i]!;
      return { intent: intent.id, group: intent.group, kind: intent.kind, confidence: probabilities[i]! };
    });
    return { intents, groups, firstLine };
  }

  /** The best intent of a group in a prediction (the group may hold intents outside the top few). */
  private bestIntentOf(text: string, prediction: Prediction, group: string | null): IntentScore {
    const listed = prediction.intents.find((i) => i.group === group);
    if (listed) return listed;
    const probabilities = softmaxInPlace(this.logits(text), this.settings.temperature);
    let best = -1;
    for (let i = 0; i < probabilities.length; i++) if (this.labels[i]!.group === group && (best < 0 || probabilities[i]! > probabilities[best]!)) best = i;
    const intent = this.labels[best]!;
    return { intent: intent.id, group: intent.group, kind: intent.kind, confidence: probabilities[best]! };
  }

  classify(text: string): Classification {
    // Needs quote the citizen's words back; a CPR number never goes with them.
    const redacted = redactCpr(text);
    const predictions = new Map<string, Prediction>();
    // A message is predicted whole and in parts; each distinct text once.
    const predict = (part: string): Prediction => {
      let prediction = predictions.get(part);
      if (prediction === undefined) predictions.set(part, (prediction = this.predict(part)));
      return prediction;
    };
    const whole = predict(redacted);
    const needs = this.findNeeds(redacted, whole, predict);
    const primary = needs[0];
    const best = whole.groups[0]!;
    if (primary === undefined) {
      const outcome: Outcome = best.group === null ? 'out-of-scope' : 'low-confidence';
      return { outcome, group: null, confidence: best.confidence, needs: [], alternatives: alternativesFrom([whole.groups], null) };
    }
    const primaryPrediction = predict(primary.text);
    return {
      outcome: 'matched',
      group: primary.group,
      confidence: primary.confidence,
      needs,
      // The part the primary need was read from and the whole message are two readings of the same request: the
      // alternatives take turns from both. The general set is no alternative: a person in first line is always
      // offered anyway (the decision's firstLine). 5-fold CV top-3 96.7 → 98.1 %, EXPERIMENTS.md.
      alternatives: alternativesFrom([primaryPrediction.groups, whole.groups], primary.group),
    };
  }

  /** The separate needs of a message: confident parts with different intents, in the order they were said. */
  private findNeeds(text: string, whole: Prediction, predict: (part: string) => Prediction): Need[] {
    const wholeNeed = (): Need[] => {
      const best = whole.groups[0]!;
      if (best.group === null || best.confidence < this.settings.minConfidence) return [];
      const intent = this.bestIntentOf(text, whole, best.group);
      return [{ ...intent, group: best.group, confidence: best.confidence, text }];
    };
    const parts = mergeShortParts(splitSegments(text));
    if (parts.length < 2) return wholeNeed();

    // Parts that say too little on their own ("Kan jeg få nogle flere?") join the part before them.
    const merged: string[] = [];
    for (const part of parts) {
      const best = predict(part).groups[0]!;
      if (merged.length > 0 && (best.confidence < this.settings.minSegmentConfidence || best.group === null)) {
        merged[merged.length - 1] = `${merged[merged.length - 1]} ${part}`;
      } else {
        merged.push(part);
      }
    }
    const needs: Need[] = [];
    for (const part of merged) {
      const prediction = predict(part);
      const best = prediction.groups[0]!;
      if (best.group === null || best.confidence < this.settings.minSegmentConfidence) continue;
      const intent = this.bestIntentOf(part, prediction, best.group);
      if (needs.some((need) => need.intent === intent.intent)) continue;
      needs.push({ ...intent, group: best.group, confidence: best.confidence, text: part });
    }
    if (needs.length === 0) return wholeNeed();
    const best = whole.groups[0]!;
    // A part read with more confidence than the whole message is a need of its own and keeps its place as said;
    // so does a question asked first when the whole message's service is found in a later part as well ("Hvad tid
    // kommer min hjemmepleje? Jeg mangler også bioposer": the whole leans to the bioposer). A context sentence is
    // rarely a question, so this costs nothing in cross-validation (EXPERIMENTS.md).
    const askedFirst = needs[0]!.text.includes('?') && needs.some((need) => need.group === best.group);
    if (!askedFirst && best.group !== null && best.confidence >= this.settings.wholeMessageConfidence && needs[0]!.group !== best.group && needs[0]!.confidence < best.confidence) {
      const at = needs.findIndex((need) => need.group === best.group);
      needs.unshift(at >= 0 ? needs.splice(at, 1)[0]! : wholeNeed()[0]!);
    }
    return needs;
  }
}

/** The best three other services of several rankings, one from each in turn, each once, the general set left out. */
function alternativesFrom(rankings: ReadonlyArray<readonly GroupScore[]>, primary: string | null): GroupScore[] {
  const out: GroupScore[] = [];
  const depth = Math.max(...rankings.map((ranking) => ranking.length));
  for (let i = 0; i < depth && out.length < 3; i++) {
    for (const ranking of rankings) {
      const candidate = ranking[i];
      if (out.length === 3 || candidate === undefined || candidate.group === null || candidate.group === primary || candidate.group === GENERAL_GROUP) continue;
      if (!out.some((g) => g.group === candidate.group)) out.push(candidate);
    }
  }
  return out;
}

/** Parts of one or two content words carry no need of their own; they join a neighbour. */
function mergeShortParts(parts: string[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (contentWords(part) < 2 && out.length > 0) out[out.length - 1] = `${out[out.length - 1]} ${part}`;
    else out.push(part);
  }
  if (out.length > 1 && contentWords(out[0]!) < 2) {
    out.splice(0, 2, `${out[0]} ${out[1]}`);
  }
  return out;
}

function contentWords(text: string): number {
  return tokenize(normalizeText(text)).filter((token) => !isStopword(token)).length;
}

/** The services in a fixed order: the order of their first intent, out-of-scope as null. */
function groupKeysOf(labels: readonly Intent[]): Array<string | null> {
  return [...new Set(labels.map((intent) => intent.group))];
}

/** Indices of the `k` largest values, largest first (k is small: a partial selection beats a full sort). */
function topIndices(values: Float64Array, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (top.length < k || values[i]! > values[top[top.length - 1]!]!) {
      let at = top.length < k ? top.length : k - 1;
      if (top.length < k) top.push(i);
      while (at > 0 && values[top[at - 1]!]! < values[i]!) {
        top[at] = top[at - 1]!;
        at--;
      }
      top[at] = i;
    }
  }
  return top;
}
