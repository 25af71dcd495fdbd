import type { FeatureVector } from './features.js';

export interface TrainingOptions {
  readonly epochs: number;
  readonly learningRate: number;
  /** L2 penalty on the weights an example touches (lazy weight decay). */
  readonly l2: number;
  /** Features seen in fewer training examples are dropped: they cannot generalise and cost memory. */
  readonly minDocumentFrequency: number;
  readonly seed: number;
}

export const defaultTrainingOptions: TrainingOptions = { epochs: 10, learningRate: 1, l2: 1e-3, minDocumentFrequency: 2, seed: 7 };

export interface LabelledVector {
  readonly features: FeatureVector;
  readonly label: number;
}

/** A small, seeded PRNG (mulberry32): training is repeatable, so evaluation figures are too. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Multinomial logistic regression over sparse features, trained with AdaGrad. Chosen over natural's
 * BayesClassifier because it gives probabilities that can be calibrated (one temperature) and is more
 * accurate on short queries (bench/classifier measures both); prediction is O(features × classes).
 */
export class SoftmaxModel {
  private constructor(
    private readonly vocabulary: ReadonlyMap<string, number>,
    readonly classCount: number,
    private readonly weights: Float32Array,
    private readonly bias: Float32Array,
  ) {}

  /** The trained parameters, for the model cache. */
  snapshot(): { vocabulary: string[]; classCount: number; weights: Float32Array; bias: Float32Array } {
    return { vocabulary: [...this.vocabulary.keys()], classCount: this.classCount, weights: this.weights, bias: this.bias };
  }

  static restore(snapshot: { vocabulary: readonly string[]; classCount: number; weights: Float32Array; bias: Float32Array }): SoftmaxModel {
    if (snapshot.weights.length !== snapshot.vocabulary.length * snapshot.classCount || snapshot.bias.length !== snapshot.classCount) {
      throw new Error('model snapshot does not fit together');
    }
    return new SoftmaxModel(new Map(snapshot.vocabulary.map((name, i) => [name, i])), snapshot.classCount, snapshot.weights, snapshot.bias);
  }

  static train(examples: readonly LabelledVector[], classCount: number, options: TrainingOptions = defaultTrainingOptions): SoftmaxModel {
    const documentFrequency = new Map<string, number>();
    for (const example of examples) for (const name of example.features.names) documentFrequency.set(name, (documentFrequency.get(name) ?? 0) + 1);
    const vocabulary = new Map<string, number>();
    for (const [name, df] of documentFrequency) if (df >= options.minDocumentFrequency) vocabulary.set(name, vocabulary.size);

    const C = classCount;
    const weights = new Float32Array(vocabulary.size * C);
    // AdaGrad with one accumulator per feature (not per weight): the same adaptivity for rare and common
    // features at a fraction of the cost, since each update then needs one square root per feature.
    const squaredGradients = new Float64Array(vocabulary.size).fill(1e-6);
    const bias = new Float32Array(C);
    const biasSquared = new Float64Array(C).fill(1e-6);
    const model = new SoftmaxModel(vocabulary, C, weights, bias);

    // Index each example's features once.
    const indexed = examples.map((example) => {
      const indices: number[] = [];
      const values: number[] = [];
      example.features.names.forEach((name, i) => {
        const index = vocabulary.get(name);
        if (index !== undefined) {
          indices.push(index);
          values.push(example.features.values[i]!);
        }
      });
      return { indices: Int32Array.from(indices), values: Float64Array.from(values), label: example.label };
    });

    const random = seededRandom(options.seed);
    const order = indexed.map((_, i) => i);
    const gradients = new Float64Array(C);
    const active = new Int32Array(C);
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (const n of order) {
        const { indices, values, label } = indexed[n]!;
        model.logitsInto(indices, values, gradients);
        softmaxInPlace(gradients);
        // Classes the model already rules out get no update: most of the work, little of the signal.
        let count = 0;
        let squaredSum = 0;
        for (let c = 0; c < C; c++) {
          const gradient = gradients[c]! - (c === label ? 1 : 0);
          gradients[c] = gradient;
          if (gradient > -1e-3 && gradient < 1e-3) continue;
          active[count++] = c;
          squaredSum += gradient * gradient;
          biasSquared[c]! += gradient * gradient;
          bias[c]! -= (options.learningRate * gradient) / Math.sqrt(biasSquared[c]!);
        }
        for (let k = 0; k < indices.length; k++) {
          const feature = indices[k]!;
          const value = values[k]!;
          squaredGradients[feature]! += squaredSum * value * value;
          const rate = options.learningRate / Math.sqrt(squaredGradients[feature]!);
          const base = feature * C;
          for (let a = 0; a < count; a++) {
            const c = active[a]!;
            const at = base + c;
            weights[at]! -= rate * (gradients[c]! * value + options.l2 * weights[at]!);
          }
        }
      }
    }
    return model;
  }

  /** Raw class scores (logits) for one feature vector. */
  logits(features: FeatureVector): Float64Array {
    const indices: number[] = [];
    const values: number[] = [];
    features.names.forEach((name, i) => {
      const index = this.vocabulary.get(name);
      if (index !== undefined) {
        indices.push(index);
        values.push(features.values[i]!);
      }
    });
    const out = new Float64Array(this.classCount);
    this.logitsInto(indices, values, out);
    return out;
  }

  private logitsInto(indices: ArrayLike<number>, values: ArrayLike<number>, out: Float64Array): void {
    const C = this.classCount;
    out.set(this.bias);
    for (let k = 0; k < indices.length; k++) {
      const base = indices[k]! * C;
      const value = values[k]!;
      for (let c = 0; c < C; c++) out[c]! += this.weights[base + c]! * value;
    }
  }
}

/** Softmax of logits divided by a temperature (> 1 softens over-confident scores). In place. */
export function softmaxInPlace(logits: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const value of logits) if (value > max) max = value;
  let sum = 0;
  for (let c = 0; c < logits.length; c++) {
    const e = Math.exp((logits[c]! - max) / temperature);
    logits[c] = e;
    sum += e;
  }
  for (let c = 0; c < logits.length; c++) logits[c]! /= sum;
  return logits;
}
