/**
 * Resume: a run killed at any point (any prefix of its journal, in any completion order, cut
 * mid-line) and continued with --resume gives the results of an uninterrupted run. Ctrl-C
 * (SIGINT) and SIGTERM stop cleanly: finished runs kept, reports written and marked partial.
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir, withoutVerdict } from '../helpers/cli';
import { comparable, interrupt, lines, tinyScenario, writeScenario } from './helpers';

describe('resume', () => {
  const dir = tempDir();
  const tiny = writeScenario(dir, tinyScenario(), 'tiny.json');
  const tinyWhole = path.join(dir, 'tiny-whole');
  // Runs long enough (~8 × 0.3 s on one thread) to be interrupted part way.
  const slow = writeScenario(dir, tinyScenario({ name: 'slow', days: 14, population: { members: 5000, shares: { regular: 0.95, bulkSpammer: 0.02, sybil: 0.03 } }, sweep: { 'policy.params.cap': [20, 50, 100, 200] } }), 'slow.json');
  const slowWhole = path.join(dir, 'slow-whole');

  beforeAll(() => {
    expect(cli(['run', tiny, '--out', tinyWhole, '--threads', '1', '--quiet']).code).toBe(0);
    expect(cli(['run', slow, '--out', slowWhole, '--threads', '2', '--quiet']).code).toBe(0);
  });

  it('continues from any point a kill could leave the journal at', () => {
    const journal = fs.readFileSync(path.join(tinyWhole, 'runs.ndjson'), 'utf8').split('\n').filter(Boolean);
    fc.assert(
      fc.property(fc.shuffledSubarray(journal, { minLength: journal.length, maxLength: journal.length }), fc.nat(), (order, cut) => {
        const text = order.map((l) => l + '\n').join('');
        const out = fs.mkdtempSync(path.join(dir, 'killed-'));
        fs.copyFileSync(path.join(tinyWhole, 'manifest.json'), path.join(out, 'manifest.json'));
        fs.writeFileSync(path.join(out, 'runs.ndjson'), text.slice(0, cut % (text.length + 1)));
        const r = cli(['run', tiny, '--out', out, '--resume', '--threads', '2', '--quiet']);
        expect([r.code, withoutVerdict(r.stderr)]).toEqual([0, '']);
        expect(comparable(out)).toEqual(comparable(tinyWhole));
        expect(lines(path.join(out, 'runs.ndjson')).every((l) => JSON.parse(l).result)).toBe(true);
      }),
      { numRuns: 5 },
    );
  });

  it('resumes after SIGKILL mid-run', async () => {
    const out = path.join(dir, 'sigkill');
    const killed = await interrupt(['run', slow, '--out', out, '--threads', '2', '--quiet'], path.join(out, 'runs.ndjson'), 2, 'SIGKILL');
    expect(killed.code).toBeNull();
    const r = cli(['run', slow, '--out', out, '--resume', '--quiet']);
    expect([r.code, withoutVerdict(r.stderr)]).toEqual([0, '']);
    expect(comparable(out)).toEqual(comparable(slowWhole));
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('stops on %s keeping finished runs, writes partial reports, then resumes', async (signal, code) => {
    const out = path.join(dir, signal);
    const stopped = await interrupt(['run', slow, '--out', out, '--threads', '1', '--quiet'], path.join(out, 'runs.ndjson'), 2, signal);
    expect(stopped.code).toBe(code);
    expect(stopped.stderr).toMatch(new RegExp(`stopped by ${signal}: \\d of 8 runs are kept in .*, reports marked partial; continue with --resume`));
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(results.partial).toBe(true);
    const kept = lines(path.join(out, 'runs.ndjson')).length;
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(kept).toBeLessThan(8);
    expect(results.runs).toHaveLength(kept);
    expect(fs.readFileSync(path.join(out, 'runs.csv'), 'utf8').trim().split('\n')).toHaveLength(kept + 1);
    // junit.xml does not look green: the points whose replicates never ran are failures.
    const junit = fs.readFileSync(path.join(out, 'junit.xml'), 'utf8');
    expect(junit).toMatch(new RegExp(`<failure message="\\d of \\d planned replicates finished: stopped by ${signal} before the rest ran`));
    expect(junit).not.toMatch(/<testsuite name="[^"]*\.runs" [^>]*failures="0"/);
    const r = cli(['run', slow, '--out', out, '--resume', '--quiet']);
    expect([r.code, withoutVerdict(r.stderr)]).toEqual([0, '']);
    expect(comparable(out)).toEqual(comparable(slowWhole));
  });

  it('re-runs failed tasks on --resume and keeps the finished ones', () => {
    const out = path.join(dir, 'failed');
    fs.cpSync(tinyWhole, out, { recursive: true });
    const journal = lines(path.join(out, 'runs.ndjson')).map((l) => JSON.parse(l));
    const failed = { ...journal[1], error: 'worker died: on purpose' };
    delete failed.result;
    fs.writeFileSync(path.join(out, 'runs.ndjson'), [...journal.slice(0, 1), failed].map((r) => JSON.stringify(r) + '\n').join(''));
    expect(cli(['run', tiny, '--out', out, '--resume', '--quiet']).code).toBe(0);
    expect(comparable(out)).toEqual(comparable(tinyWhole));
  });
});
