/**
 * ModelSession: an ONNX model scored synchronously through onnxruntime-node, and the check
 * that a file fits the model contract (docs/features.md): one float32 input [n, F] with F the
 * feature count, one float32 output [n] or [n, 1] holding a probability per row.
 *
 * The engine is synchronous and a run lives in one thread, so inference must be too.
 * onnxruntime-node's public InferenceSession is promise-based, but its native binding loads a
 * model without callbacks synchronously (its metadata is there when loadModel returns) and
 * runs synchronously; the public API only wraps those calls in promises. So the binding is
 * used directly (onnxruntime-node/dist/binding), and a load that did not complete synchronously is reported as such rather
 * than waited for. One intra-op and one inter-op thread, sequential: a run's scores are then
 * the same bytes whatever else runs beside it, and sweeps' worker threads are not oversubscribed.
 */
import { existsSync, statSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { InputError } from '../input-error';

interface ValueMetadata {
  name: string;
  isTensor: boolean;
  symbolicDimensions: string[];
  shape: number[];
  type: number;
}

interface NativeSession {
  loadModel(modelPath: string, options: object): Promise<void>;
  readonly inputMetadata: ValueMetadata[];
  readonly outputMetadata: ValueMetadata[];
  run(feeds: Record<string, unknown>, fetches: Record<string, null>, options: object): Record<string, { data: ArrayLike<number>; dims: readonly number[]; type: string }>;
  dispose(): void;
}

interface Ort {
  binding: { InferenceSession: new () => NativeSession; initOrtOnce(logLevel: number, tensor: unknown, isMainThread: boolean): void };
}

/**
 * What the binding builds outputs with: a bare holder of type, data and dims. onnxruntime-common's
 * Tensor (what the public API passes) checks its data with instanceof, which fails when the
 * binding's typed arrays come from another realm than the checker (a vm context, as jest's).
 */
class OutputTensor {
  constructor(
    readonly type: string,
    readonly data: ArrayLike<number>,
    readonly dims: readonly number[],
  ) {}
}

/** onnxruntime's log level: 3, errors only (its warnings are not the user's business). */
const LOG_ERRORS = 3;

let ort: Ort | null = null;

/** onnxruntime-node, loaded on first use (its native library costs ~100 ms to load, and most runs never need it). */
function onnxruntime(): Ort {
  if (!ort) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ort = require('onnxruntime-node/dist/binding') as Ort;
    ort.binding.initOrtOnce(LOG_ERRORS, OutputTensor, isMainThread);
  }
  return ort;
}

/** Element type codes of the binding's metadata (ONNX TensorProto.DataType): 1 is float32. */
const TYPE_NAMES: Record<number, string> = { 1: 'float32', 2: 'uint8', 3: 'int8', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string', 9: 'bool', 10: 'float16', 11: 'float64' };
const FLOAT32 = 1;

const SESSION_OPTIONS = { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' };

function shapeText(m: ValueMetadata): string {
  return `[${m.shape.map((d, i) => (d === -1 ? m.symbolicDimensions[i] || '?' : String(d))).join(', ')}]`;
}

export class ModelSession {
  private readonly session: NativeSession;
  private readonly input: string;
  private readonly output: string;
  private closed = false;

  /**
   * Loads `file` and checks it against the contract for `features` inputs; every mismatch is
   * an InputError starting with `label` (the field, e.g. policy.params.file "m.onnx").
   */
  constructor(file: string, features: number, label: string) {
    if (!existsSync(file)) throw new InputError(`${label} does not exist (looked for ${file}); train one (examples/train/) or fix the path`);
    if (!statSync(file).isFile()) throw new InputError(`${label} is not a file (${file})`);
    const o = onnxruntime();
    const session = new o.binding.InferenceSession();
    // A load without callbacks completes (or fails) inside loadModel; the promise only reports
    // it, and a failure shows below as metadata that cannot be read.
    session.loadModel(file, SESSION_OPTIONS).catch(() => {});
    let inputs: ValueMetadata[];
    let outputs: ValueMetadata[];
    try {
      inputs = session.inputMetadata;
      outputs = session.outputMetadata;
    } catch {
      throw new InputError(`${label} is not an ONNX model onnxruntime can load (${file}: not ONNX, damaged, or an opset this onnxruntime does not know); write it again (examples/train/train.py)`);
    }
    this.session = session;
    const problem = contractProblem(inputs, outputs, features);
    if (problem) {
      this.close();
      throw new InputError(`${label} does not fit the model contract (docs/features.md): ${problem}`);
    }
    this.input = inputs[0].name;
    this.output = outputs[0].name;
  }

  /**
   * Scores rows 0..n-1 of `x` (n × F float32, row-major) into out[0..n-1]. Throws if an output is
   * not a probability: the contract is checked on load, but values only on data.
   */
  run(x: Float32Array, n: number, features: number, out: Float32Array | Float64Array): void {
    // A view from offset 0 of the buffer: the binding reads the tensor's buffer from its start.
    const data = n * features === x.length ? x : new Float32Array(x.buffer, 0, n * features);
    // The binding reads a tensor's type, dims, data and location: a plain object is one (no
    // onnxruntime-common Tensor, for the reason OutputTensor says).
    const input = { type: 'float32', dims: [n, features], data, location: 'cpu' };
    const result = this.session.run({ [this.input]: input }, { [this.output]: null }, {});
    const y = result[this.output];
    if (y.data.length !== n) throw new InputError(`the model gave ${y.data.length} outputs for ${n} rows; the contract is one probability per row`);
    for (let i = 0; i < n; i++) {
      const p = y.data[i];
      if (!(p >= 0 && p <= 1)) throw new InputError(`the model's output for a row is ${p}, not a probability in [0, 1]; end the model with a Sigmoid (docs/features.md)`);
      out[i] = p;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.session.dispose();
  }
}

/** What about a model's inputs and outputs differs from the contract, or null if nothing. */
export function contractProblem(inputs: ValueMetadata[], outputs: ValueMetadata[], features: number): string | null {
  if (inputs.length !== 1) return `it has ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')}); the contract is one, float32 [n, ${features}]`;
  const x = inputs[0];
  if (!x.isTensor || x.type !== FLOAT32) return `its input "${x.name}" is ${x.isTensor ? TYPE_NAMES[x.type] ?? `type ${x.type}` : 'not a tensor'}; the contract is float32 [n, ${features}]`;
  if (x.shape.length !== 2) return `its input "${x.name}" has shape ${shapeText(x)}; the contract is float32 [n, ${features}] (n rows of the ${features} features)`;
  if (x.shape[1] !== features) {
    return `its input "${x.name}" is ${x.shape[1] === -1 ? 'of unknown width' : `${x.shape[1]} features wide`} (${shapeText(x)}); the contract is [n, ${features}], the ${features} features of docs/features.md in their order`;
  }
  if (x.shape[0] !== -1) return `its input "${x.name}" has a fixed batch size of ${x.shape[0]} (${shapeText(x)}); make the first dimension symbolic (n)`;
  if (outputs.length !== 1) return `it has ${outputs.length} outputs (${outputs.map((o) => o.name).join(', ')}); the contract is one probability per row, float32 [n] or [n, 1]`;
  const y = outputs[0];
  if (!y.isTensor || y.type !== FLOAT32) return `its output "${y.name}" is ${y.isTensor ? TYPE_NAMES[y.type] ?? `type ${y.type}` : 'not a tensor'}; the contract is float32 [n] or [n, 1]`;
  const oneColumn = y.shape.length === 1 || (y.shape.length === 2 && y.shape[1] === 1);
  if (!oneColumn) return `its output "${y.name}" has shape ${shapeText(y)}; the contract is one probability per row, [n] or [n, 1] (for class probabilities [n, 2], output column 1 alone)`;
  return null;
}
