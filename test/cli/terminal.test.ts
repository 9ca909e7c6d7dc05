/**
 * The terminal: `init` writes a commented starter scenario that `validate` and `run` accept
 * and never overwrites; a failed gate on stderr names its point; progress piped is plain
 * lines with the final state once; `list` wraps to the width and has --json; a reader that
 * goes away (`| head`) gets no stack trace, and a run still writes its reports.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import YAML from 'yaml';
import { cli, tempDir } from '../helpers/cli';
import { runCli } from '../faults/helpers';

describe('invitesim init', () => {
  it('writes a commented YAML scenario that validate and run accept', () => {
    const dir = tempDir();
    const r = cli(['init', 'starter'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('invitesim: wrote starter.yaml; try `invitesim validate starter.yaml`, then `invitesim run starter.yaml`\n');
    const text = fs.readFileSync(path.join(dir, 'starter.yaml'), 'utf8');
    expect(text.split('\n').filter((l) => /^\s*#/.test(l)).length).toBeGreaterThan(10);
    const parsed = YAML.parse(text);
    expect(parsed.name).toBe('starter');
    expect(Object.keys(parsed.sweep)).toEqual(['policy.params.cap']);
    // The schema comment points at the installed schema.
    const schema = /^# yaml-language-server: \$schema=(.+)$/m.exec(text)![1];
    expect(fs.existsSync(path.resolve(dir, schema))).toBe(true);

    const validated = cli(['validate', 'starter.yaml', '--print'], { cwd: dir });
    expect(validated.code).toBe(0);
    expect(JSON.parse(validated.stdout).policy).toEqual({ name: 'weekly-cap', params: { cap: 100 } });
    const run = cli(['run', 'starter.yaml', '--quiet'], { cwd: dir });
    // --quiet keeps the verdict line alone.
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^invitesim: starter: PASSED: (\d+) of \1 gate checks passed\n$/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'out', 'starter', 'results.json'), 'utf8')).points).toHaveLength(3);
  });

  it('defaults to my-scenario.yaml and refuses to overwrite an existing file (exit 2, file untouched)', () => {
    const dir = tempDir();
    expect(cli(['init', '--quiet'], { cwd: dir })).toMatchObject({ code: 0, stderr: '' });
    const file = path.join(dir, 'my-scenario.yaml');
    fs.writeFileSync(file, 'mine\n');
    const again = cli(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe('invitesim: init: my-scenario.yaml already exists; choose another name (invitesim init NAME) or remove the file\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('mine\n');
    expect(fs.readdirSync(dir)).toEqual(['my-scenario.yaml']);
  });

  it('rejects a name that cannot name a scenario and its folder', () => {
    const dir = tempDir();
    const r = cli(['init', 'my scenario!'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^invitesim: init: the name "my scenario!" must be letters, digits, - and _/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('invitesim run on stderr', () => {
  const dir = tempDir();
  beforeAll(() => {
    expect(cli(['init', 'gated', '--quiet'], { cwd: dir }).code).toBe(0);
  });

  it('names the point and its swept values in each failed gate', () => {
    const r = cli(['run', 'gated.yaml', '--set', 'expect.falsePositiveRate=<= 0', '--set', 'expect.recall.value=0', '--quiet'], { cwd: dir });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    // --quiet: the failed gates, then the verdict line alone (no figures, no page path).
    const verdict = lines.pop()!;
    const failures = lines;
    expect(failures.length).toBeGreaterThan(0);
    expect(verdict).toMatch(new RegExp(`^invitesim: gated: FAILED: ${failures.length} of \\d+ gate checks failed$`));
    for (const line of failures) expect(line).toMatch(/^invitesim: gate falsePositiveRate <= 0 failed at point \d \(policy\.params\.cap=(50|100|200)\): falsePositiveRate mean [\d.e-]+ fails <= 0/);
  });

  it('shows progress piped as plain lines with a percentage, the final state once', () => {
    const r = cli(['run', 'gated.yaml', '--out', 'out/progress'], { cwd: dir });
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n');
    const progress = lines.filter((l) => /^invitesim: gated: \d+\/9 runs \(\d+%\)/.test(l));
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.filter((l) => l.includes('9/9 runs (100%)'))).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\r|\x1b/);
    expect(lines[lines.length - 1]).toBe(`invitesim: wrote out/progress; open ${path.join('out/progress', 'report.html')}`);
  });

  it('ends with each point\'s headline figures and intervals as results.json has them, the verdict, and the page', () => {
    const r = cli(['run', 'gated.yaml', '--out', 'out/summary'], { cwd: dir });
    expect(r.code).toBe(0);
    const results = JSON.parse(fs.readFileSync(path.join(dir, 'out/summary/results.json'), 'utf8'));
    const lines = r.stderr.trim().split('\n');
    const tail = lines.slice(lines.findIndex((l) => l.startsWith('invitesim: gated: 9 runs')));
    expect(tail[0]).toBe('invitesim: gated: 9 runs; estimate [95% CI] over 3 replicates:');
    const points = tail.slice(1, 4);
    expect(points).toHaveLength(results.points.length);
    // Read the figures back from the text and hold them against results.json's estimates (to the digits shown).
    points.forEach((line, i) => {
      const p = results.points[i];
      expect(line).toMatch(new RegExp(`^  point ${i} \\(policy\\.params\\.cap=${p.params['policy.params.cap']}\\): `));
      for (const m of ['precision', 'recall', 'falsePositiveRate']) {
        const [, mean, lo, hi] = new RegExp(`${m} ([\\d.]+) \\[([\\d.]+), ([\\d.]+)\\]`).exec(line)!.map(Number);
        const e = p.metrics[m];
        expect(Math.abs(mean - e.mean)).toBeLessThan(0.001);
        expect(Math.abs(lo - e.ciLow)).toBeLessThan(0.001);
        expect(Math.abs(hi - e.ciHigh)).toBeLessThan(0.001);
        expect(lo).toBeLessThanOrEqual(mean);
        expect(hi).toBeGreaterThanOrEqual(mean);
      }
    });
    expect(tail[4]).toBe(`invitesim: gated: PASSED: ${results.gates.length} of ${results.gates.length} gate checks passed`);
    expect(results.gates.length).toBeGreaterThan(0);
    expect(tail[5]).toBe(`invitesim: wrote out/summary; open ${path.join('out/summary', 'report.html')}`);
    expect(fs.existsSync(path.join(dir, 'out/summary/report.html'))).toBe(true);
  });
});

describe('invitesim list', () => {
  it('--json lists every scenario and policy with its parameters', () => {
    const r = cli(['list', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list.scenarios.map((s: { name: string }) => s.name)).toContain('baseline');
    const cap = list.policies.find((p: { name: string }) => p.name === 'weekly-cap');
    expect(cap.params).toEqual([{ name: 'cap', default: 100, description: expect.stringMatching(/rolling 7 days/) }]);
  });

  it.each([50, 80, 120])('wraps to %i columns (only a single unbreakable word may run past)', (columns) => {
    const r = cli(['list'], { env: { COLUMNS: String(columns) } });
    expect(r.code).toBe(0);
    const long = r.stdout.split('\n').filter((l) => l.length > columns && /\s/.test(l.trim()));
    expect(long).toEqual([]);
    expect(r.stdout).toContain('weekly-cap');
  });
});

/** Closes the read ends of the child's pipes before it writes: what `| head` does once it has its lines. */
function closeReaders(...names: Array<'stdout' | 'stderr'>) {
  return (child: ChildProcess) => names.forEach((name) => child[name]!.destroy());
}

describe('a reader that has gone away', () => {
  it.each([[['list']], [['run', '--help']], [['validate', 'baseline', '--print']]])('%j exits 0 with nothing on stderr but its own lines', async (args) => {
    const r = await runCli(args, closeReaders('stdout'));
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
  });

  it('does not stop a run: its reports are written in full', async () => {
    const out = path.join(tempDir(), 'out');
    const r = await runCli(['run', 'baseline', '--set', 'population.members=1000', '--set', 'days=5', '--out', out], closeReaders('stdout', 'stderr'));
    expect(r.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).points).toHaveLength(1);
    expect(fs.existsSync(path.join(out, 'report.html'))).toBe(true);
  });
});
