/**
 * `invitesim compare`: policies side by side by their worst case, read from attack folders'
 * attack.json (built here from hand-made runs, so the expected figures are known), on one
 * page and in comparison.md; bad input writes nothing and exits 2.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { attackJson, buildAttackResults, type AttackSettings } from '../../reports/attack';
import type { RunRecord } from '../../sim/result';
import type { Candidate } from '../../runner/attack-search';
import { cli, tempDir } from '../helpers/cli';

const settings = (attacker: AttackSettings['attacker']): AttackSettings => ({
  attacker,
  objective: 'abusiveConnections',
  budget: 4,
  seed: 1,
  shape: { screen: 2, offspring: 2, climb: 4, replicates: 2 },
  searched: [{ name: 'sendsPerDay', path: `archetypes.${attacker}.sendsPerDay`, bound: [1, 200] }],
});

/** A run of `candidate` whose 10 attacker accounts made `connections` connections, `caught` of them restricted. */
function run(attacker: string, index: number, candidate: number, connections: number, caught: number): RunRecord {
  const row = { abusiveMembers: 10, truePositives: caught, abusiveConnections: connections, abusiveDelivered: 0 };
  return { index, point: candidate, replicate: index % 2, seed: `s${index}`, params: {}, result: { byArchetype: { [attacker]: row } } } as unknown as RunRecord;
}

/** An attack folder: the default attacker (candidate 0) and one challenger, each on 2 replicates. */
function attackFolder(policy: string, attacker: AttackSettings['attacker'], own: [number, number], found: [number, number]): string {
  const candidates: Candidate[] = [0, 1].map((index) => ({ index, parent: null, params: { [`archetypes.${attacker}.sendsPerDay`]: 10 * (index + 1) } }));
  const records = [run(attacker, 0, 0, own[0], own[1]), run(attacker, 1, 0, own[0], own[1]), run(attacker, 2, 1, found[0], found[1]), run(attacker, 3, 1, found[0], found[1])];
  const meta = { invitesimVersion: 't', date: '', durationMs: 0, host: '', threads: 1 };
  const results = buildAttackResults({ scenario: { name: 'baseline', policy: { name: policy } }, settings: settings(attacker), candidates, reached: new Map([[0, 0], [1, 0]]), rounds: [{ fresh: 2, replicated: 0, runs: 2 }, { fresh: 0, replicated: 2, runs: 2 }], records, partial: false, meta });
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'attack.json'), [...attackJson(results)].join(''));
  return dir;
}

describe('invitesim compare', () => {
  const cap = attackFolder('weekly-cap', 'sybil', [100, 9], [400, 10]);
  const ratio = attackFolder('acceptance-<b>ratio</b>', 'sybil', [50, 10], [1000, 2]);

  it('puts each policy in a row with its default and worst-case harm and recall, on one page and in comparison.md', () => {
    const out = path.join(tempDir(), 'cmp');
    const r = cli(['compare', cap, ratio, '--out', out]);
    expect(r.code).toBe(0);
    const mdText = fs.readFileSync(path.join(out, 'comparison.md'), 'utf8');
    expect(r.stdout).toBe(mdText);
    // Markdown cells escape brackets; read them plain.
    const rows = mdText
      .split('\n')
      .filter((l) => l.startsWith(`| weekly-cap`) || l.startsWith('| acceptance'))
      .map((l) => l.replace(/\\([[\]])/g, '$1'));
    // Harm per account: 10 and 40 (weekly-cap), 5 and 100 (acceptance-ratio); recall 18/20 and 20/20, 20/20 and 4/20.
    expect(rows[0]).toMatch(/^\| weekly-cap \| sybil \| 10 \[10, 10\] \| 40 \[40, 40\] \| 4× \| 0\.900 \[0\.699, 0\.972\] \| 1\.000 \[0\.839, 1\.000\] \| 4 of 4 \|/);
    expect(rows[1]).toMatch(/\| 5 \[5, 5\] \| 100 \[100, 100\] \| 20× \| 1\.000 \[0\.839, 1\.000\] \| 0\.200 \[0\.081, 0\.416\] \|/);
    expect(mdText).not.toMatch(/Note:/);
    const html = fs.readFileSync(path.join(out, 'comparison.html'), 'utf8');
    expect(html).toContain('acceptance-&lt;b&gt;ratio&lt;/b&gt;');
    expect(html).not.toContain('<b>ratio');
    // Its own folder: a second comparison writes over the first.
    expect(cli(['compare', ratio, '--out', out, '--quiet']).code).toBe(0);
    expect(fs.readFileSync(path.join(out, 'comparison.md'), 'utf8')).not.toContain('weekly-cap');
  });

  it('says when the searches do not compare like with like', () => {
    const other = attackFolder('weekly-cap', 'bulkSpammer', [10, 5], [20, 5]);
    const r = cli(['compare', cap, other, '--out', path.join(tempDir(), 'cmp')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Note:.*differ in attackers \(sybil, bulkSpammer\)/);
  });

  it('refuses a folder without attack.json, or an --out holding files it did not write, writing nothing (exit 2, one line)', () => {
    const parent = tempDir();
    const out = path.join(parent, 'cmp');
    const notAttack = tempDir();
    const r = cli(['compare', cap, notAttack, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`${notAttack}: no attack\\.json there; give folders written by .invitesim attack.`))]);
    expect(fs.existsSync(out)).toBe(false);
    const foreign = tempDir();
    fs.writeFileSync(path.join(foreign, 'notes.txt'), 'mine');
    const f = cli(['compare', cap, '--out', foreign]);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/holds files invitesim did not write \(notes\.txt\)/);
    expect(fs.readdirSync(foreign)).toEqual(['notes.txt']);
  });
});
