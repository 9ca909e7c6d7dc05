/**
 * ONNX models for the tests, written with Debian's python3-onnx (onnx.helper, as
 * examples/train/train.py does): a linear model p = sigmoid(x·w + b), and the ways a file can
 * miss the model contract (width, element type, no Sigmoid, outputs).
 */
import { execFileSync } from 'node:child_process';

export interface LinearModel {
  weights: number[];
  bias: number;
  /** Default true; false leaves the raw x·w + b (not a probability). */
  sigmoid?: boolean;
  /** Input element type: 'float' (the contract) or 'int64'. */
  input?: 'float' | 'int64';
  /** Output columns: 1 (the contract) or 2 (class probabilities). */
  outputColumns?: 1 | 2;
  /** A second output beside the probability. */
  extraOutput?: boolean;
}

const SCRIPT = `
import json, sys
import numpy as np, onnx
from onnx import helper, numpy_helper, TensorProto as T
spec = json.loads(sys.argv[2])
w = np.asarray(spec['weights'], np.float32).reshape(-1, 1)
f = w.shape[0]
nodes, inits = [], [numpy_helper.from_array(w, 'W'), numpy_helper.from_array(np.asarray([spec['bias']], np.float32), 'b')]
x = 'features'
if spec.get('input') == 'int64':
    nodes.append(helper.make_node('Cast', ['features'], ['xf'], to=T.FLOAT)); x = 'xf'
nodes += [helper.make_node('MatMul', [x, 'W'], ['z0']), helper.make_node('Add', ['z0', 'b'], ['z'])]
out = 'z'
if spec.get('sigmoid', True):
    nodes.append(helper.make_node('Sigmoid', ['z'], ['p'])); out = 'p'
cols = spec.get('outputColumns', 1)
if cols == 2:
    inits.append(numpy_helper.from_array(np.asarray([1.0], np.float32), 'one'))
    nodes += [helper.make_node('Sub', ['one', out], ['q']), helper.make_node('Concat', ['q', out], ['pp'], axis=1)]; out = 'pp'
outputs = [helper.make_tensor_value_info(out, T.FLOAT, ['n', cols])]
if spec.get('extraOutput'):
    outputs.append(helper.make_tensor_value_info('z', T.FLOAT, ['n', 1]))
itype = T.INT64 if spec.get('input') == 'int64' else T.FLOAT
g = helper.make_graph(nodes, 'test', [helper.make_tensor_value_info('features', itype, ['n', f])], outputs, inits)
m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 13)])
m.ir_version = 8
onnx.checker.check_model(m)
onnx.save(m, sys.argv[1])
`;

export function writeLinearModel(file: string, spec: LinearModel): void {
  execFileSync('/usr/bin/python3', ['-c', SCRIPT, file, JSON.stringify(spec)], { stdio: ['ignore', 'ignore', 'inherit'] });
}
