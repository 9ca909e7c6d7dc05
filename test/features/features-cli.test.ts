/**
 * `invitesim features`: the documented table equals the schema; the rows' counting features
 * equal an independent recount of the log with pandas (each feature's definition applied to
 * the log's rows, not the accumulator's code); bad input is exit 2 with one line; a log
 * lacking what a feature needs gets named warnings; an --out it did not write is never overwritten.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { cli, tempDir, withoutVerdict } from '../helpers/cli';
import { FEATURE_NAMES, FEATURE_TABLE_BEGIN, FEATURE_TABLE_END, featureTable } from '../../features/schema';

const ROOT = path.join(__dirname, '..', '..');
const dir = tempDir();
const out = path.join(dir, 'run');
const log = path.join(out, 'events', 'run-0.csv.gz');
const labels = path.join(out, 'events', 'labels-0.csv');

test("docs/features.md's feature table is the one features/schema.ts generates", () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'features.md'), 'utf8');
  const table = doc.slice(doc.indexOf(FEATURE_TABLE_BEGIN) + FEATURE_TABLE_BEGIN.length, doc.indexOf(FEATURE_TABLE_END)).trim();
  expect(table).toBe(featureTable());
});

test("examples/train/train.py reads the features in the documented order", () => {
  const names = execFileSync('/usr/bin/python3', ['-c', 'import sys; sys.path.insert(0, sys.argv[1]); import train; print(",".join(train.FEATURES))', path.join(ROOT, 'examples', 'train')], { encoding: 'utf8' }).trim();
  expect(names.split(',')).toEqual(FEATURE_NAMES);
});

describe('features of a run log', () => {
  beforeAll(() => {
    const r = cli(['run', 'baseline', '--set', 'population.members=1500', '--set', 'days=9', '--set', 'policy.params.cap=20', '--events', '--events-format', 'csv', '--out', out, '-q']);
    expect(withoutVerdict(r.stderr)).toBe('');
    expect(r.code).toBe(0);
  });

  test('counts, windows, degree and age equal a pandas recount of the log', () => {
    const f = path.join(dir, 'f.csv');
    const r = cli(['features', log, '--labels', labels, '--out', f, '-q']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    // Each feature recounted from the log's rows as docs/features.md defines it, at each row's minute T.
    const script = `
import sys, json, numpy as np, pandas as pd
log = pd.read_csv(sys.argv[1], skiprows=1)
f = pd.read_csv(sys.argv[2])
lab = pd.read_csv(sys.argv[3])
sample = f[f.member % 7 == 0]
inv = log[log.kind == 'invite']
by = {k: g for k, g in log.groupby('kind')}
def before(kind, m, T):
    g = by.get(kind)
    return 0 if g is None else int(((g.member == m) & (g.time < T)).sum())
start = log[(log.kind == 'connection')]
acc = by['accept']
joined = log[log.kind == 'member'].set_index('member').joined_at
from_ = lab.set_index('member').abusive_from
bad = []
for row in sample.itertuples():
    m, T = row.member, row.time
    mine = inv[(inv.member == m) & (inv.time < T)]
    hour, six = T // 60, T // 360
    expect = {
        'invites_total': len(mine),
        'invites_1d': int((mine.time // 60 > hour - 24).sum()),
        'invites_7d': int((mine.time // 360 > six - 28).sum()),
        'accepts': before('accept', m, T), 'ignores': before('ignore', m, T), 'idks': before('idk', m, T),
        'withdrawals': before('withdraw', m, T), 'inmails': before('inmail', m, T),
        'degree': int(((start.member == m) | (start.other == m)).sum() + (((acc.member == m) | (acc.other == m)) & (acc.time < T)).sum()),
    }
    answered = expect['accepts'] + expect['ignores'] + expect['idks']
    expect['answered'] = answered
    expect['accept_rate'] = np.float32(expect['accepts'] / answered) if answered else 0
    expect['account_age_days'] = np.float32((T - joined[m]) / 1440)
    a = from_[m]
    expect['label'] = int(a == a and a <= T - 1)
    for k, v in expect.items():
        got = getattr(row, k)
        if np.float32(got) != np.float32(v):
            bad.append(f'member {m} at {T}: {k} {got} exported, {v} recounted')
print(json.dumps({'rows': len(sample), 'bad': bad[:5], 'inmails': int(sample.inmails.sum()), 'positives': int(sample.label.sum())}))
`;
    const res = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, log, f, labels], { encoding: 'utf8', maxBuffer: 1 << 26 }));
    expect(res.bad).toEqual([]);
    expect(res.rows).toBeGreaterThan(1000);
    expect(res.inmails).toBeGreaterThan(0);
    expect(res.positives).toBeGreaterThan(0);
  });

  test('per invitation: a row an attempt, the sender counted with it', () => {
    const f = path.join(dir, 'inv.csv.gz');
    expect(cli(['features', log, '--per', 'invitation', '--out', f, '-q']).code).toBe(0);
    const script = `
import sys, json, pandas as pd
log = pd.read_csv(sys.argv[1], skiprows=1); f = pd.read_csv(sys.argv[2])
inv = log[log.kind == 'invite'].reset_index(drop=True)
first = f.groupby('member').invites_total.min()
print(json.dumps({'rows': len(f), 'invites': len(inv), 'sameOrder': bool((f.member.values == inv.member.values).all() and (f.other.values == inv.other.values).all()), 'firstIsOne': bool((first == 1).all()), 'label': 'label' in f.columns}))
`;
    expect(JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, log, f], { encoding: 'utf8' }))).toEqual({ rows: expect.any(Number), invites: expect.any(Number), sameOrder: true, firstIsOne: true, label: false });
  });

  test('bad input is exit 2 with one line; an --out invitesim did not write is kept', () => {
    const foreign = path.join(dir, 'mine.csv');
    fs.writeFileSync(foreign, 'a,b\n1,2\n');
    const cases: Array<[string[], RegExp]> = [
      [['features', log, '--per', 'week', '--out', path.join(dir, 'x.csv')], /--per week: use member-day .* or invitation/],
      [['features', log, '--out', foreign], /--out .*mine\.csv exists and is not a features file invitesim wrote/],
      [['features', path.join(dir, 'none.parquet'), '--out', path.join(dir, 'x.csv')], /none\.parquet/],
      [['features', log, '--labels', path.join(dir, 'short.csv'), '--out', path.join(dir, 'x.csv')], /short\.csv: member 1 of .* has no label/],
    ];
    fs.writeFileSync(path.join(dir, 'short.csv'), 'member,label\n0,honest\n');
    for (const [args, message] of cases) {
      const r = cli(args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    expect(fs.readFileSync(foreign, 'utf8')).toBe('a,b\n1,2\n');
    expect(fs.existsSync(path.join(dir, 'x.csv'))).toBe(false);
    // Its own file it may write again.
    const own = path.join(dir, 'own.csv');
    expect(cli(['features', log, '--out', own, '-q']).code).toBe(0);
    expect(cli(['features', log, '--out', own, '-q']).code).toBe(0);
  });
});

test('a minimal log gets a named warning for each default a feature falls back on', () => {
  const minimal = path.join(dir, 'minimal.csv');
  fs.writeFileSync(minimal, 'time,kind,member,other\n1,invite,0,1\n5,accept,0,1\n7,invite,1,2\n');
  const f = path.join(dir, 'minimal-features.csv');
  const r = cli(['features', minimal, '--out', f]);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(/warning: .*minimal\.csv has no member rows: every account counts as joined at minute 0/);
  expect(r.stderr).toMatch(/warning: .*minimal\.csv has no connection rows/);
  const rows = fs.readFileSync(f, 'utf8').trim().split('\n');
  expect(rows).toHaveLength(1 + 3);
  const last = Object.fromEntries(rows[0].split(',').map((c, i) => [c, Number(rows[1].split(',')[i])]));
  expect([last.member, last.invites_total, last.accepts, last.degree]).toEqual([0, 1, 1, 1]);
});
