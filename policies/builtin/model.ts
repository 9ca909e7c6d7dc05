/**
 * model: a trained classifier as a policy. Every `reviewEveryMinutes` it writes the feature
 * vector (features/schema.ts, docs/features.md) of every member who has joined, scores them in
 * batches through an ONNX model (onnxruntime-node, policies/builtin/model-session.ts) and
 * restricts those whose probability is above `threshold`. Between reviews it only counts what
 * it hears (FeatureAccumulator, the same code `invitesim features` exports with), so the rows a
 * model was trained on and the vectors it scores in a run are computed alike.
 *
 * Batches are taken at the first review at or after each multiple of `reviewEveryMinutes`
 * (minute 0 excepted: nothing has happened yet), in member order, BATCH_ROWS rows at a time:
 * the same run gives the same batches, hence the same bytes, whatever the thread count.
 */
import * as path from 'node:path';
import { z } from 'zod';
import type { PolicyDefinition } from '../definition';
import { InputError } from '../input-error';
import { fraction, positiveInt } from '../params';
import { ALLOW, type Policy, type PolicyContext, type ResponseKind, type Verdict } from '../policy';
import { FeatureAccumulator } from '../../features/accumulator';
import { FEATURE_COUNT } from '../../features/schema';
import { ModelSession } from './model-session';

const params = z
  .object({
    file: z
      .string({ error: 'must be the path of an ONNX model file (relative to the scenario file)' })
      .min(1, { error: 'must be the path of an ONNX model file (relative to the scenario file)' })
      .default('model.onnx')
      .describe('The ONNX model (input float32 [n, F] in the order of docs/features.md, output a probability per row); relative to the scenario file. examples/train/ writes one.'),
    threshold: fraction(0.5, 'Restrict a member whose probability is above this.'),
    reviewEveryMinutes: positiveInt(1440, 'Minutes between scoring batches (taken at the first policy review at or after each multiple).'),
  })
  .strict();
type Params = z.infer<typeof params>;

/** Rows scored per inference call: large enough that the call's overhead vanishes, small enough that the buffer stays a few MB. */
export const BATCH_ROWS = 8192;

/** Test seam: sees each batch as scored (minute, member ids, their vectors row-major, probabilities, rows). */
export type BatchObserver = (now: number, members: Int32Array, features: Float32Array, scores: Float32Array, rows: number) => void;

export class ModelPolicy implements Policy {
  private readonly features: FeatureAccumulator;
  private readonly session: ModelSession;
  private readonly x = new Float32Array(BATCH_ROWS * FEATURE_COUNT);
  private readonly ids = new Int32Array(BATCH_ROWS);
  private readonly y = new Float32Array(BATCH_ROWS);
  /** Probability at the member's latest batch (0 before any). */
  private readonly latest: Float32Array;
  /** The highest probability the member was ever given. */
  private readonly peak: Float64Array;
  private next: number;

  constructor(
    private readonly ctx: PolicyContext,
    private readonly p: Params,
    private readonly observer: BatchObserver | null = null,
  ) {
    this.features = new FeatureAccumulator(ctx.view);
    this.session = new ModelSession(p.file, FEATURE_COUNT, `policy.params.file "${p.file}"`);
    this.latest = new Float32Array(ctx.members);
    this.peak = new Float64Array(ctx.members);
    this.next = p.reviewEveryMinutes;
  }

  onInvite(sender: number, recipient: number, now: number): Verdict {
    this.features.onInvite(sender, recipient, now);
    return ALLOW;
  }

  onResponse(sender: number, _recipient: number, kind: ResponseKind): void {
    this.features.onResponse(sender, kind);
  }

  onInmail(sender: number): void {
    this.features.onInmail(sender);
  }

  review(now: number): void {
    if (now < this.next) return;
    const every = this.p.reviewEveryMinutes;
    this.next = (Math.floor(now / every) + 1) * every;
    const f = this.features;
    let rows = 0;
    for (let m = 0; m < this.ctx.members; m++) {
      if (!f.joined(m)) continue;
      f.write(m, now, this.x, rows * FEATURE_COUNT);
      this.ids[rows++] = m;
      if (rows === BATCH_ROWS) {
        this.scoreBatch(now, rows);
        rows = 0;
      }
    }
    if (rows > 0) this.scoreBatch(now, rows);
  }

  /** Scores the batch's rows, then restricts in member order. */
  private scoreBatch(now: number, rows: number): void {
    this.session.run(this.x, rows, FEATURE_COUNT, this.y);
    this.observer?.(now, this.ids, this.x, this.y, rows);
    const ladder = this.ctx.ladder;
    const threshold = this.p.threshold;
    for (let i = 0; i < rows; i++) {
      const m = this.ids[i];
      const p = this.y[i];
      this.latest[m] = p;
      if (p > this.peak[m]) this.peak[m] = p;
      if (p > threshold && !ladder.flagged(m)) ladder.restrict(m, now);
    }
  }

  /** At a lift check: the probability at the latest batch is still above the threshold. */
  suspicious(member: number): boolean {
    return this.latest[member] > this.p.threshold;
  }

  /** Highest probability ÷ threshold: above 1 exactly for members some batch put above it (threshold-relative, as every built-in's). */
  score(member: number): number {
    return this.p.threshold > 0 ? this.peak[member] / this.p.threshold : this.peak[member];
  }

  close(): void {
    this.session.close();
  }
}

/** Rows the contract check scores: all zeros, then every feature at 1, 10, 100 and 10,000, so a model without its Sigmoid shows outside [0, 1]. */
function probeRows(): Float32Array {
  const levels = [0, 1, 10, 100, 10_000];
  const x = new Float32Array(levels.length * FEATURE_COUNT);
  levels.forEach((v, r) => x.fill(v, r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT));
  return x;
}

/** Makes the file absolute against the scenario's folder, loads it and checks the contract on the probe rows. */
function resolveFiles(raw: Record<string, unknown>, baseDir: string, at: string): Record<string, unknown> {
  const p = raw as Params;
  const file = path.resolve(baseDir, p.file);
  const label = `${at}.params.file "${p.file}"`;
  const session = new ModelSession(file, FEATURE_COUNT, label);
  try {
    const x = probeRows();
    const rows = x.length / FEATURE_COUNT;
    session.run(x, rows, FEATURE_COUNT, new Float32Array(rows));
  } catch (e) {
    throw new InputError(`${label} does not fit the model contract (docs/features.md): ${(e as Error).message}`);
  } finally {
    session.close();
  }
  return { ...p, file };
}

export const model: PolicyDefinition = {
  name: 'model',
  description: 'A trained classifier (ONNX, onnxruntime-node) scoring every member\'s features (docs/features.md) each `reviewEveryMinutes`; restricts above `threshold`.',
  rule: {
    restricts: 'At the first review at or after each multiple of `reviewEveryMinutes` (not minute 0), every joined member\'s feature vector (docs/features.md, in order) is scored by the ONNX model in `file`; a member whose probability is above `threshold` is restricted. Invitations are otherwise allowed.',
    suspicious: 'The probability at the latest batch is above `threshold`.',
    score: 'The highest probability the member was given ÷ `threshold`.',
  },
  params,
  create: (ctx, raw) => new ModelPolicy(ctx, raw as Params),
  resolveFiles,
};
