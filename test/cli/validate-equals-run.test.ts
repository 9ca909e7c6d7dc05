/**
 * `validate` accepts exactly what `run` accepts: one validation path (cli/run.planRun). A
 * fast-check property over scenarios with good and bad sweeps and gates: validate exits 2
 * iff run (on a population cut to a few hundred members) exits 2. And a misspelled gate
 * metric is bad input for run, validate and load alike, listing the valid names.
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir } from '../helpers/cli';
import { writeScenario } from '../runner/helpers';
import { GATE_METRICS } from '../../reports/gate-metrics';

const SWEEPS: Array<[string, unknown]> = [
  ['policy.params.cap', [20, 60]],
  ['policy.params.cap', { from: 20, to: 60, step: 20 }],
  ['policy.params.cap', { from: 20, to: 60, step: 0 }],
  ['policy.params.cap', { from: 20, to: 60, step: -20 }],
  ['policy.params.cap', { from: 60, to: 20, step: 20 }],
  ['policy.params.cap', { from: 20, to: 60, step: 15 }],
  ['policy.params.cap', []],
  ['policy.params.cpa', [20, 60]],
  ['ladder.coolDownHours', [24, 48]],
  ['graph.mixing', [0.1, 2]],
  ['ladder.recheckHours', { from: 1, to: 1e9, step: 1 }],
  ['seed', [1, 2]],
];

const GATES: Array<[string, unknown]> = [
  ['precision', '>= 0'],
  ['recall', ['ci_low >= 0', { op: '>=', value: 0 }]],
  ['falsePositiveRate', '<= 1'],
  ['fallbackRate', '<= 0.01'],
  ['p99LatencyMs', '< 50'],
  ['p99LatencyMS', '< 50'],
  ['errorrate', '< 0.01'],
  ['precision', '=> 0.9'],
  ['precision', []],
  ['recall', { op: '>=', value: 0, point: 99 }],
  ['recall', { op: '>=', value: 'high' }],
];

const scenario = fc.record({
  sweep: fc.uniqueArray(fc.constantFrom(...SWEEPS), { maxLength: 2, selector: ([p]) => p }),
  expect: fc.uniqueArray(fc.constantFrom(...GATES), { maxLength: 2, selector: ([m]) => m }),
});

describe('validate = run', () => {
  const dir = tempDir();
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  let n = 0;

  it('validate exits 2 iff run exits 2, for any sweep and gates', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(scenario, ({ sweep, expect: gates }) => {
        const file = writeScenario(dir, {
          name: 'property',
          seed: 3,
          days: 2,
          replicates: 1,
          population: { members: 200, shares: { regular: 0.9, recruiter: 0.05, bulkSpammer: 0.05 } },
          policy: { name: 'weekly-cap', params: { cap: 100 } },
          sweep: Object.fromEntries(sweep),
          expect: Object.fromEntries(gates),
        }, `s${n++}.json`);
        const validate = cli(['validate', file, '--quiet']);
        const run = cli(['run', file, '--out', path.join(dir, `out${n}`), '--threads', '1', '--quiet']);
        seen.add(String(validate.code));
        expect(validate.code === 2).toBe(run.code === 2);
        if (validate.code === 2) expect(validate.stderr).toBe(run.stderr);
      }),
      { numRuns: 14, seed: 1616 },
    );
    // Both outcomes were exercised.
    expect([...seen].sort()).toEqual(['0', '2']);
  });

  it.each([
    ['p99LatencyMS', 'p99LatencyMs'],
    ['errorrate', 'errorRate'],
  ])('a gate on %p is bad input for run, validate and load, listing the valid names', (typo, meant) => {
    const file = writeScenario(dir, {
      name: 'typo',
      days: 2,
      population: { members: 200, shares: { regular: 1 } },
      policy: 'none',
      expect: { [typo]: '< 1' },
    }, `typo-${typo}.json`);
    const message = `invitesim: expect.${typo} is not a metric (did you mean ${meant}?); valid: `;
    for (const args of [
      ['validate', file],
      ['run', file, '--out', path.join(dir, `typo-${typo}`)],
      ['load', file, '--url', 'http://127.0.0.1:9', '--rate', '10', '--duration', '1s', '--out', path.join(dir, `typo-load-${typo}`)],
    ]) {
      const r = cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr.startsWith(message)).toBe(true);
      for (const m of GATE_METRICS) expect(r.stderr).toContain(m);
    }
    expect(fs.existsSync(path.join(dir, `typo-${typo}`))).toBe(false);
  });
});
