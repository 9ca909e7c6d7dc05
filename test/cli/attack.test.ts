/**
 * `invitesim attack`: the same attack.csv for any --threads and after a kill and --resume;
 * candidate 0 is exactly `invitesim run` of the scenario; the search finds a strategy more
 * harmful than the default attacker against a weekly cap, inside its bounds, and `run`
 * confirms it on its own seeds; worstCaseRecall gates exit 1; bad input exits 2 naming the field.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir, withoutVerdict } from '../helpers/cli';
import { interrupt, lines, writeScenario } from '../runner/helpers';

/** 2,000 members over 5 days: a 12-run search takes seconds. */
function small(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'small',
    seed: 21,
    days: 5,
    population: { members: 2000, shares: { regular: 0.9, recruiter: 0.04, bulkSpammer: 0.03, sybil: 0.03 } },
    policy: { name: 'weekly-cap', params: { cap: 50 } },
    ...over,
  };
}

/** attack.csv as rows keyed by column. */
function readCsv(file: string): Array<Record<string, string>> {
  const [head, ...rows] = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(','));
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

/** attack.json without its wall-clock meta. */
function attackJson(dir: string): Record<string, unknown> {
  const j = JSON.parse(fs.readFileSync(path.join(dir, 'attack.json'), 'utf8'));
  delete j.meta;
  return j;
}

/** Mean per-account harm and pooled recall of an archetype from a run's archetypes.csv: the run's own tables, not the attack's code. */
function fromRun(dir: string, archetype: string): { harm: number; recall: number } {
  const byRun = new Map<string, Record<string, number>>();
  for (const r of readCsv(path.join(dir, 'archetypes.csv'))) {
    if (r.archetype !== archetype) continue;
    byRun.set(r.run, { ...byRun.get(r.run), [r.metric]: Number(r.value) });
  }
  const runs = [...byRun.values()];
  return {
    harm: runs.reduce((s, m) => s + m.abusiveConnections / m.abusiveMembers, 0) / runs.length,
    recall: runs.reduce((s, m) => s + m.truePositives, 0) / runs.reduce((s, m) => s + m.abusiveMembers, 0),
  };
}

describe('invitesim attack', () => {
  const dir = tempDir();
  const scenario = writeScenario(dir, small(), 'small.json');
  const whole = path.join(dir, 'whole');

  beforeAll(() => {
    const r = cli(['attack', scenario, '--attacker', 'sybil', '--budget', '12', '--out', whole, '--threads', '2', '--quiet']);
    // --quiet keeps the one verdict line, as `run` does.
    expect([r.code, r.stderr]).toEqual([0, 'invitesim: small: PASSED: no gates defined\n']);
  });

  it('writes byte-identical attack.csv (and attack.json but its meta) on 1 thread as on 2', () => {
    const one = path.join(dir, 'one');
    expect(cli(['attack', scenario, '--attacker', 'sybil', '--budget', '12', '--out', one, '--threads', '1', '--quiet']).code).toBe(0);
    expect(fs.readFileSync(path.join(one, 'attack.csv'), 'utf8')).toBe(fs.readFileSync(path.join(whole, 'attack.csv'), 'utf8'));
    expect(attackJson(one)).toEqual(attackJson(whole));
    const rows = readCsv(path.join(whole, 'attack.csv'));
    const results = attackJson(whole) as { rounds: Array<{ runs: number }>; attack: { runsDone: number } };
    // At most the budget's 12 runs, every one in a round; bred candidates name a parent run before them.
    expect(rows.reduce((n, r) => n + Number(r.replicates), 0)).toBe(results.attack.runsDone);
    expect(results.rounds.reduce((n, r) => n + r.runs, 0)).toBe(results.attack.runsDone);
    expect(results.attack.runsDone).toBeLessThanOrEqual(12);
    for (const r of rows.filter((x) => x.parent !== '')) expect(Number(r.parent)).toBeLessThan(Number(r.candidate));
    expect(rows.filter((r) => r.best === 'true')).toHaveLength(1);
  });

  it('rebuilds attack.csv, report.html and summary.md from attack.json alone with `invitesim report`', () => {
    const copy = path.join(dir, 'copy');
    fs.cpSync(whole, copy, { recursive: true });
    const files = ['attack.csv', 'report.html', 'summary.md'];
    for (const f of files) fs.rmSync(path.join(copy, f));
    expect(cli(['report', copy, '--quiet']).code).toBe(0);
    for (const f of files) expect(fs.readFileSync(path.join(copy, f), 'utf8')).toBe(fs.readFileSync(path.join(whole, f), 'utf8'));
  });

  it('resumed when every run had finished, says so, runs nothing and writes the same attack.csv', () => {
    const done = path.join(dir, 'done');
    fs.cpSync(whole, done, { recursive: true });
    const journal = fs.readFileSync(path.join(done, 'runs.ndjson'), 'utf8');
    const r = cli(['attack', scenario, '--attacker', 'sybil', '--budget', '12', '--out', done, '--threads', '1', '--resume']);
    expect(r.code).toBe(0);
    expect(r.stderr.startsWith(`invitesim: every run in ${done} had finished; rewriting its reports\n`)).toBe(true);
    expect(fs.readFileSync(path.join(done, 'runs.ndjson'), 'utf8')).toBe(journal);
    expect(fs.readFileSync(path.join(done, 'attack.csv'), 'utf8')).toBe(fs.readFileSync(path.join(whole, 'attack.csv'), 'utf8'));
  });

  it("runs the default attacker as candidate 0 exactly as `invitesim run` runs the scenario", () => {
    const run = path.join(dir, 'run');
    const own = readCsv(path.join(whole, 'attack.csv'))[0];
    expect(cli(['run', scenario, '--replicates', own.replicates, '--out', run, '--quiet']).code).toBe(0);
    const expected = fromRun(run, 'sybil');
    expect(Number(own.harm_mean)).toBeCloseTo(expected.harm, 12);
    expect(Number(own.recall_mean)).toBeCloseTo(expected.recall, 12);
  });

  it('resumes a search killed part way (SIGKILL) to the same attack.csv', async () => {
    const out = path.join(dir, 'killed');
    const args = ['attack', scenario, '--attacker', 'sybil', '--budget', '12', '--out', out, '--threads', '1', '--quiet'];
    await interrupt(args, path.join(out, 'runs.ndjson'), 6, 'SIGKILL');
    expect(lines(path.join(out, 'runs.ndjson')).length).toBeLessThan(12);
    expect(fs.existsSync(path.join(out, 'attack.json'))).toBe(false);
    const r = cli([...args, '--resume']);
    expect([r.code, withoutVerdict(r.stderr)]).toEqual([0, '']);
    expect(fs.readFileSync(path.join(out, 'attack.csv'), 'utf8')).toBe(fs.readFileSync(path.join(whole, 'attack.csv'), 'utf8'));
  });

  it('stops on SIGTERM with partial reports (exit 143), and resumes from a journal cut mid-line', async () => {
    const out = path.join(dir, 'stopped');
    const args = ['attack', scenario, '--attacker', 'sybil', '--budget', '12', '--out', out, '--threads', '1', '--quiet'];
    const { code } = await interrupt(args, path.join(out, 'runs.ndjson'), 3, 'SIGTERM');
    expect(code).toBe(143);
    expect(attackJson(out).partial).toBe(true);
    const journal = fs.readFileSync(path.join(out, 'runs.ndjson'), 'utf8');
    fs.writeFileSync(path.join(out, 'runs.ndjson'), journal.slice(0, journal.length - 40));
    const r = cli([...args, '--resume']);
    expect([r.code, withoutVerdict(r.stderr)]).toEqual([0, '']);
    expect(fs.readFileSync(path.join(out, 'attack.csv'), 'utf8')).toBe(fs.readFileSync(path.join(whole, 'attack.csv'), 'utf8'));
    expect(attackJson(out).partial).toBe(false);
  });

  it('ends with worst-case recall and harm with their intervals as attack.json has them, and the page to open', () => {
    const out = path.join(dir, 'told');
    const r = cli(['attack', scenario, '--attacker', 'sybil', '--budget', '12', '--out', out, '--threads', '1']);
    expect(r.code).toBe(0);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'attack.json'), 'utf8'));
    const lines = r.stderr.trim().split('\n');
    const [, mean, lo, hi] = /worst-case recall ([\d.]+) \[([\d.]+), ([\d.]+)\] \(95% CI\)/.exec(lines[lines.length - 3])!.map(Number);
    const w = results.worstCaseRecall;
    expect([mean, lo, hi].map((x, i) => Math.abs(x - [w.mean, w.ciLow, w.ciHigh][i]) < 0.001)).toEqual([true, true, true]);
    expect(lines[lines.length - 3]).toMatch(/\(harm [\d.]+ \[[\d.]+, [\d.]+\] per account, .*× the default's\)$/);
    expect(lines[lines.length - 2]).toBe('invitesim: small: PASSED: no gates defined');
    expect(lines[lines.length - 1]).toBe(`invitesim: open ${path.join(out, 'report.html')}`);
    expect(fs.existsSync(path.join(out, 'report.html'))).toBe(true);
  });

  it('refuses to resume a run folder as an attack, or an attack with another objective', () => {
    const run = path.join(dir, 'run-folder');
    expect(cli(['run', scenario, '--out', run, '--quiet']).code).toBe(0);
    const a = cli(['attack', scenario, '--attacker', 'sybil', '--budget', '12', '--out', run, '--resume']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/holds a run \(invitesim run\).*not an attack/);
    const b = cli(['attack', scenario, '--attacker', 'sybil', '--budget', '12', '--objective', 'abusiveDelivered', '--out', whole, '--resume']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--objective abusiveConnections/);
  });

  it('finds a strategy more harmful than a bulk spammer that quits at a weekly cap, inside its bounds, which `run` confirms on its own seeds', () => {
    const bounds = { sendsPerDay: [2, 100], noteRate: [0, 1], withdrawRate: [0, 0.5], withdrawAfterDays: [1, 7], targets: { fof: [0, 1], stranger: [0, 1] } };
    const file = writeScenario(dir, small({ name: 'spam', days: 7, attack: bounds }), 'spam.json');
    const out = path.join(dir, 'spam');
    expect(cli(['attack', file, '--attacker', 'bulkSpammer', '--budget', '20', '--out', out, '--quiet']).code).toBe(0);
    const rows = readCsv(path.join(out, 'attack.csv'));
    const best = rows.find((r) => r.best === 'true')!;
    const own = rows[0];
    expect(best.candidate).not.toBe('0');
    expect(Number(best.replicates)).toBe(Number(own.replicates));
    expect(Number(best.harm_mean)).toBeGreaterThan(Number(own.harm_ci_high));
    const inside = (v: string, [lo, hi]: number[]) => Number(v) >= lo - 1e-9 && Number(v) <= hi + 1e-9;
    expect(inside(best.sendsPerDay, bounds.sendsPerDay) && inside(best.noteRate, bounds.noteRate) && inside(best.withdrawRate, bounds.withdrawRate) && inside(best.withdrawAfterDays, bounds.withdrawAfterDays)).toBe(true);
    expect(Math.abs(Number(best.targets_fof) + Number(best.targets_stranger) - 1)).toBeLessThan(1e-9);
    // Re-run both strategies with `run` on the same seeds (common random numbers): the found one does more harm there too.
    const at = 'archetypes.bulkSpammer';
    const sets = [`${at}.sendsPerDay=${best.sendsPerDay}`, `${at}.noteRate=${best.noteRate}`, `${at}.withdrawRate=${best.withdrawRate}`, `${at}.withdrawAfterDays=${best.withdrawAfterDays}`, `${at}.whenRestricted=${best.whenRestricted}`, `${at}.slowFactor=${best.slowFactor}`, `${at}.targets={"contact":0,"fof":${best.targets_fof},"stranger":${best.targets_stranger}}`];
    const found = path.join(dir, 'spam-found');
    const mine = path.join(dir, 'spam-default');
    expect(cli(['run', file, '--replicates', '3', '--seed', '99', '--out', found, '--quiet', ...sets.flatMap((s) => ['--set', s])]).code).toBe(0);
    expect(cli(['run', file, '--replicates', '3', '--seed', '99', '--out', mine, '--quiet']).code).toBe(0);
    expect(fromRun(found, 'bulkSpammer').harm).toBeGreaterThan(fromRun(mine, 'bulkSpammer').harm);
  });

  it('fails a worstCaseRecall gate with exit 1, naming it, and passes one that holds', () => {
    const none = writeScenario(dir, small({ name: 'none', policy: 'none', expect: { worstCaseRecall: ['>= 0.5'] } }), 'none.json');
    const r = cli(['attack', none, '--attacker', 'sybil', '--budget', '2', '--out', path.join(dir, 'none')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/gate worstCaseRecall >= 0.5 failed: worstCaseRecall mean 0 fails/);
    expect(r.stderr).toMatch(/\ninvitesim: none: FAILED: 1 of 1 gate checks failed\ninvitesim: open .*report\.html\n$/);
    expect(fs.readFileSync(path.join(dir, 'none', 'summary.md'), 'utf8')).toMatch(/❌/);
    const ok = writeScenario(dir, small({ name: 'none', policy: 'none', expect: { worstCaseRecall: '<= 0' } }), 'none-ok.json');
    expect(cli(['attack', ok, '--attacker', 'sybil', '--budget', '2', '--out', path.join(dir, 'none-ok'), '--quiet'])).toMatchObject({ code: 0, stderr: 'invitesim: none: PASSED: 1 of 1 gate checks passed\n' });
  });

  it('turns every kind of bad input into one line naming the field, exit 2, writing nothing', () => {
    const withAttack = (attack: unknown) => writeScenario(dir, small({ attack }), `bad-${Math.random().toString(36).slice(2)}.json`);
    const cases: Array<[string[], RegExp]> = [
      [['--attacker', 'sybil', '--budget', '0'], /--budget must be a positive integer \(got "0"\)/],
      [['--attacker', 'sybil', '--budget', '2.5'], /--budget must be a positive integer/],
      [['--attacker', 'sybil', '--budget', '1'], /--budget must be at least 2 runs/],
      [['--attacker', 'nobody'], /--attacker nobody: no such archetype; give an abusive one: bulkSpammer, lowAndSlow, fofTargeter, sybil, takeover, adaptive/],
      [['--attacker', 'recruiter'], /--attacker recruiter: is an honest archetype.*give an abusive one/],
      [['--attacker', 'adaptive'], /population\.shares\.adaptive is 0/],
      [['--attacker', 'sybil', '--objective', 'recall'], /--objective recall: .*abusiveConnections, abusiveDelivered/],
    ];
    const files: Array<[unknown, RegExp]> = [
      [{ sendsPerDay: [50, 10] }, /attack\.sendsPerDay: \[50, 10\] is inverted; give \[low, high\], e\.g\. \[10, 50\]/],
      [{ sendsPerDay: [] }, /attack\.sendsPerDay: must be a \[low, high\] pair/],
      [{ whenRestricted: [] }, /attack\.whenRestricted: is empty/],
      [{ targets: { fof: [0.6, 1], stranger: [0.6, 1] } }, /attack\.targets: no target mix within these bounds sums to 1/],
      [{ adaptive: { backoff: [0.9, 0.2] } }, /attack\.adaptive\.backoff: \[0\.9, 0\.2\] is inverted/],
      [{ ringSize: [1, 4] }, /attack\.ringSize\.0: must be ≥ 2/],
      [{ rate: [1, 4] }, /attack: has unknown field "rate"; valid: sendsPerDay/],
    ];
    const all: Array<[string[], RegExp]> = [
      ...cases.map(([args, re]) => [[scenario, ...args], re] as [string[], RegExp]),
      ...files.map(([attack, re]) => [[withAttack(attack), '--attacker', 'sybil'], re] as [string[], RegExp]),
    ];
    for (const [args, re] of all) {
      const out = path.join(dir, `bad-out-${Math.random().toString(36).slice(2)}`);
      const r = cli(['attack', ...args, '--out', out]);
      expect([r.code, args.join(' ')]).toEqual([2, args.join(' ')]);
      expect(r.stderr).toMatch(re);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(fs.existsSync(out)).toBe(false);
    }
  });

  it('describes the search, its bounds with their defaults, the outputs, the gate and the exit codes in --help', () => {
    const r = cli(['attack', '--help']);
    expect(r.code).toBe(0);
    for (const s of ['--attacker', '--budget', '--objective', '--resume', '--threads', '--seed', 'iterated race', 'sendsPerDay [1, 200]', 'ringSize [2, 40]', 'adaptive.startWeekly', 'worstCaseRecall', 'attack.csv', 'Exit codes']) {
      expect(r.stdout).toContain(s);
    }
  });
});
