/**
 * `run --events` and `backtest`: the exported log read back by an independent reader (DuckDB)
 * holds exactly the run's counts and nothing of the truth; a backtest of the policy that wrote
 * the log restricts the same members at the same minutes; the oracle's backtest is perfect; bad
 * logs and labels are exit 2 with one line naming the file, the row and the field.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { cli, tempDir, withoutVerdict } from '../helpers/cli';
import { csvRows } from '../helpers/csv';
import { duckdb } from '../helpers/duckdb';

const dir = tempDir();
const out = path.join(dir, 'run');
const log = path.join(out, 'events', 'run-0.parquet');
const labels = path.join(out, 'events', 'labels-0.csv');
// A small baseline with a tight cap, so that restrictions start, lift and turn permanent within two weeks.
const SETS = ['--set', 'population.members=3000', '--set', 'days=14', '--set', 'policy.params.cap=25'];

describe('the platform event log and the offline backtest', () => {
  beforeAll(() => {
    const r = cli(['run', 'baseline', ...SETS, '--events', '--out', out, '-q']);
    expect(withoutVerdict(r.stderr)).toBe('');
    expect(r.code).toBe(0);
  });

  test("the log's counts, read by DuckDB, equal runs.csv exactly", () => {
    const run = csvRows(path.join(out, 'runs.csv'))[0];
    const counts = Object.fromEntries(
      duckdb<{ kind: string; n: string }>(`select kind, count(*)::varchar n from read_parquet('${log}') group by kind`).map((r) => [r.kind, Number(r.n)]),
    );
    const blocked = Number(duckdb<{ n: string }>(`select count(*)::varchar n from read_parquet('${log}') where kind = 'invite' and not delivered`)[0].n);
    expect({
      invitationsAttempted: counts.invite,
      blocked,
      accepted: counts.accept,
      ignored: counts.ignore,
      idk: counts.idk,
      withdrawn: counts.withdraw ?? 0,
      inmailsSent: counts.inmail ?? 0,
      restrictionsStarted: (counts.restrict ?? 0) + (counts.permanent ?? 0),
      restrictionsLifted: counts.lift ?? 0,
      permanentRestrictions: counts.permanent ?? 0,
    }).toEqual({
      invitationsAttempted: Number(run.invitationsAttempted),
      blocked: Number(run.blocked),
      accepted: Number(run.accepted),
      ignored: Number(run.ignored),
      idk: Number(run.idk),
      withdrawn: Number(run.withdrawn),
      inmailsSent: Number(run.inmailsSent),
      restrictionsStarted: Number(run.restrictionsStarted),
      restrictionsLifted: Number(run.restrictionsLifted),
      permanentRestrictions: Number(run.permanentRestrictions),
    });
    expect(Number(run.restrictionsLifted)).toBeGreaterThan(0);
    expect(Number(run.permanentRestrictions)).toBeGreaterThan(0);
  });

  test('the log holds only the documented platform columns; the truth is in the labels file alone', () => {
    const cols = duckdb<{ column_name: string }>(`describe select * from read_parquet('${log}')`).map((r) => r.column_name);
    expect(cols).toEqual(['time', 'kind', 'member', 'other', 'channel', 'note', 'verdict', 'delivered', 'photo', 'joined_at']);
    const l = csvRows(labels);
    expect(Object.keys(l[0])).toEqual(['member', 'archetype', 'label', 'abusive_from']);
    expect(l.filter((r) => r.label === 'abusive').length).toBeGreaterThan(0);
    // Time never goes backwards after the opening rows.
    const back = duckdb<{ n: string }>(`select count(*)::varchar n from (select time, lag(time) over () prev from read_parquet('${log}')) where time < prev`);
    expect(Number(back[0].n)).toBe(0);
  });

  test('a backtest of the policy that wrote the log restricts the same members at the same minutes', () => {
    const bt = path.join(dir, 'bt-same');
    const r = cli(['backtest', log, '--labels', labels, '--policy', 'weekly-cap', '--set', 'policy.params.cap=25', '--out', bt]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/precision [\d.]+ \[[\d.]+, [\d.]+\], recall [\d.]+/);
    const logged = duckdb<{ member: number; time: number; kind: string }>(
      `select member, time, kind from read_parquet('${log}') where kind in ('restrict', 'permanent', 'lift')`,
    ).map((x) => `${x.member}@${x.time}:${x.kind}`);
    const replayed = csvRows(path.join(bt, 'backtest-restrictions.csv')).map((x) => `${x.member}@${x.minute}:${x.kind}`);
    expect(logged.length).toBeGreaterThan(20);
    expect(replayed.sort()).toEqual(logged.sort());
    // And its confusion equals the closed-loop run's.
    const run = csvRows(path.join(out, 'runs.csv'))[0];
    const b = csvRows(path.join(bt, 'backtest.csv'))[0];
    for (const k of ['truePositives', 'falsePositives']) expect([k, b[k]]).toEqual([k, run[k]]);
    // A taken-over account has an honest period in run's count if its owner was active before the
    // takeover, which the log cannot see (it sees joins, not when an owner starts sending).
    const takeovers = csvRows(labels).filter((x) => x.archetype === 'takeover' && x.label === 'abusive').length;
    expect(Math.abs(Number(b.trueNegatives) - Number(run.trueNegatives))).toBeLessThanOrEqual(takeovers);
    // The run counts abusive members that never sent as misses; the backtest apart, as the log shows nothing of them.
    expect(Number(b.falseNegatives) + Number(b.silentAbusive)).toBe(Number(run.falseNegatives));
  });

  test('the oracle backtest has precision 1 and recall 1; a sweep writes a row a point, caps ordered as recall says', () => {
    const bt = path.join(dir, 'bt-oracle');
    expect(cli(['backtest', log, '--labels', labels, '--policy', 'oracle', '--out', bt, '-q']).code).toBe(0);
    const o = csvRows(path.join(bt, 'backtest.csv'))[0];
    expect([Number(o.precision), Number(o.recall)]).toEqual([1, 1]);
    const sw = path.join(dir, 'bt-sweep');
    expect(cli(['backtest', log, '--labels', labels, '--policy', 'weekly-cap', '--sweep', 'policy.params.cap=10,25,400', '--out', sw, '-q']).code).toBe(0);
    const rows = csvRows(path.join(sw, 'backtest.csv'));
    expect(rows.map((x) => x['policy.params.cap'])).toEqual(['10', '25', '400']);
    const recall = rows.map((x) => Number(x.recall));
    expect(recall[0]).toBeGreaterThanOrEqual(recall[1]);
    expect(recall[1]).toBeGreaterThan(recall[2]);
  });

  test('--events-format csv writes the same rows as gzip CSV, which DuckDB reads too', () => {
    const o2 = path.join(dir, 'run-csv');
    expect(cli(['run', 'baseline', ...SETS, '--events', '--events-format', 'csv', '--out', o2, '-q']).code).toBe(0);
    const gz = path.join(o2, 'events', 'run-0.csv.gz');
    const q = (from: string) => duckdb(`select count(*)::varchar n, sum(hash(time::bigint, kind::varchar, member::bigint, other::bigint, channel::varchar, note::boolean, verdict::varchar, delivered::boolean, photo::boolean, joined_at::bigint))::varchar h from ${from}`);
    expect(q(`read_csv('${gz}', skip=1, header=true)`)).toEqual(q(`read_parquet('${log}')`));
    // A backtest of the CSV log gives the Parquet log's results.
    const a = path.join(dir, 'bt-csv');
    expect(cli(['backtest', gz, '--labels', labels, '--policy', 'weekly-cap', '--set', 'policy.params.cap=25', '--out', a, '-q']).code).toBe(0);
    expect(fs.readFileSync(path.join(a, 'backtest-restrictions.csv'), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'bt-same', 'backtest-restrictions.csv'), 'utf8'));
  });

  describe('bad logs and labels: exit 2, one line naming the file, the row and the field', () => {
    const ok = 'time,kind,member,other\n0,member,0,\n0,member,1,\n5,invite,0,1\n9,accept,0,1\n';
    const goodLabels = path.join(dir, 'labels.csv');
    beforeAll(() => fs.writeFileSync(goodLabels, 'member,label\n0,abusive\n1,honest\n'));
    const cases: Array<[string, string | Buffer, RegExp]> = [
      ['kind.csv', ok.replace('accept', 'poke'), /kind\.csv line 5: kind "poke" is not an event kind/],
      ['back.csv', `${ok}3,ignore,0,1\n`, /back\.csv line 6: time 3 comes before the previous event's 9/],
      ['id.csv', `${ok}10,invite,0,7\n`, /member .*7 is outside the log's 2 members|labels/],
      ['cols.csv', 'time,kind,member\n0,member,0\n', /cols\.csv: missing column other/],
      ['short.csv', `${ok}10,invite,0\n`, /short\.csv line 6: 3 fields where the header has 4/],
      ['cut.csv.gz', zlib.gzipSync(Buffer.from(ok + '10,invite,0,1\n'.repeat(20000))).subarray(0, 300), /truncated or corrupt gzip/],
      ['cut.parquet', Buffer.from('PAR1 not really parquet'), /cut\.parquet: not a readable Parquet file/],
    ];
    test.each(cases)('%s', (name, content, pattern) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, content);
      const r = cli(['backtest', f, '--labels', goodLabels, '--policy', 'weekly-cap', '--out', path.join(dir, `o-${name}`)]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(fs.existsSync(path.join(dir, `o-${name}`))).toBe(false);
    });

    test('a labels file that disagrees with the log', () => {
      const f = path.join(dir, 'ok.csv');
      fs.writeFileSync(f, ok);
      const bad = path.join(dir, 'bad-labels.csv');
      fs.writeFileSync(bad, 'member,label\n0,abusive\n1,honest\n2,honest\n');
      const r = cli(['backtest', f, '--labels', bad, '--policy', 'weekly-cap', '--out', path.join(dir, 'o-lab')]);
      expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/bad-labels\.csv line 4: member 2 is not in .*ok\.csv/)]);
      fs.writeFileSync(bad, 'member,label\n0,abusive\n');
      expect(cli(['backtest', f, '--labels', bad, '--policy', 'weekly-cap']).stderr).toMatch(/member 1 of .*ok\.csv has no label/);
    });

    test('a minimal user log (invitations and answers only) backtests', () => {
      const f = path.join(dir, 'user.csv');
      fs.writeFileSync(f, ok);
      const o = path.join(dir, 'o-user');
      const r = cli(['backtest', f, '--labels', goodLabels, '--policy', 'oracle', '--out', o, '-q']);
      expect(r.code).toBe(0);
      expect(JSON.parse(fs.readFileSync(path.join(o, 'backtest.json'), 'utf8')).points[0].metrics).toMatchObject({ truePositives: 1, trueNegatives: 1 });
    });
  });
});
