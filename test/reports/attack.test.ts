/**
 * The red team's results: harm is the mean per-account harm with Student's t interval, recall
 * the pooled share restricted with Wilson's (checked against textbook values, not the code's
 * formula), the best is the most harmful candidate with the most replicates, the worst-case
 * recall is its recall, gates read it; the page and summary escape the scenario's text.
 */
import { buildAttackResults, attackCsv, parseAttackExpect, type AttackSettings } from '../../reports/attack';
import { attackReportHtml, attackSummaryMarkdown } from '../../reports/attack-page';
import type { RunRecord } from '../../sim/result';
import type { Candidate } from '../../runner/attack-search';

const settings: AttackSettings = {
  attacker: 'sybil',
  objective: 'abusiveConnections',
  budget: 8,
  seed: 1,
  shape: { screen: 2, offspring: 2, climb: 4, replicates: 3 },
  searched: [{ name: 'sendsPerDay', path: 'archetypes.sybil.sendsPerDay', bound: [1, 200] }],
};

const candidates: Candidate[] = [0, 1, 2].map((index) => ({ index, parent: index === 2 ? 1 : null, params: { 'archetypes.sybil.sendsPerDay': 10 * (index + 1) } }));

/** A run of `candidate` whose 10 sybils made `connections` connections and `caught` of them were restricted. */
function run(index: number, candidate: number, replicate: number, connections: number, caught: number): RunRecord {
  const sybil = { abusiveMembers: 10, truePositives: caught, abusiveConnections: connections, abusiveDelivered: 0 };
  return { index, point: candidate, replicate, seed: `s${index}`, params: {}, result: { byArchetype: { sybil } } } as unknown as RunRecord;
}

const records = [run(0, 0, 0, 10, 4), run(1, 1, 0, 5, 0), run(2, 2, 0, 20, 3), run(3, 0, 1, 20, 4), run(4, 0, 2, 30, 4), run(5, 2, 1, 40, 5), run(6, 2, 2, 60, 4)];
const meta = { invitesimVersion: 't', date: '', durationMs: 0, host: '', threads: 1 };

describe('attack results', () => {
  const scenario = { name: 'x<script>', policy: { name: 'weekly-cap' }, expect: { worstCaseRecall: ['>= 0.5', 'ci_high >= 0.5'], recall: '>= 0.1' } };
  const results = buildAttackResults({ scenario, settings, candidates, reached: new Map([[0, 1], [1, 0], [2, 1]]), rounds: [{ fresh: 3, replicated: 0, runs: 3 }, { fresh: 0, replicated: 2, runs: 4 }], records, partial: false, meta });

  it('estimates harm with a t interval and recall pooled with a Wilson interval', () => {
    const best = results.candidates.find((c) => c.candidate === 2)!;
    // Harms 2, 4, 6 per account: mean 4, sd 2, t(0.975, 2) = 4.3027 (tables): 4 ± 4.9683, clipped at 0.
    expect(best.harm.mean).toBeCloseTo(4, 12);
    expect(best.harm.ciLow).toBe(0);
    expect(best.harm.ciHigh).toBeCloseTo(8.9683, 3);
    // 12 of 30 restricted: Wilson 95% [0.2459, 0.5768] (Newcombe 1998's formula, computed by hand).
    expect(best.recall.mean).toBeCloseTo(0.4, 12);
    expect(best.recall.ciLow).toBeCloseTo(0.2459, 3);
    expect(best.recall.ciHigh).toBeCloseTo(0.5768, 3);
  });

  it('picks the most harmful of the candidates with the most replicates, and its recall is the worst case', () => {
    expect(results.best).toBe(2);
    expect(results.worstCaseRecall).toEqual(results.candidates.find((c) => c.candidate === 2)!.recall);
    // The default made 1, 2, 3 per account: mean 2.
    expect(results.harmRatio).toBeCloseTo(2, 12);
    expect(results.candidates.map((c) => [c.candidate, c.round, c.replicates])).toEqual([[0, 1, 3], [1, 0, 1], [2, 1, 3]]);
  });

  it('checks worstCaseRecall gates on the mean or a bound, and leaves other gates to run', () => {
    expect(results.gates.map((g) => [g.name, g.passed])).toEqual([['worstCaseRecall >= 0.5', false], ['worstCaseRecall ci_high >= 0.5', true]]);
    expect(parseAttackExpect({ recall: '>= 0.9' })).toEqual([]);
    expect(() => parseAttackExpect({ worstCaseRecall: 'at least 0.5' })).toThrow(/expect.worstCaseRecall "at least 0.5" is not a condition/);
  });

  it('writes a row a candidate with its parameters and both estimates', () => {
    const text = [...attackCsv(results)].join('');
    const [head, first] = text.split('\n');
    expect(head).toBe('candidate,round,parent,default,best,sendsPerDay,replicates,failed,harm_mean,harm_ci_low,harm_ci_high,harm_ci_method,recall_mean,recall_ci_low,recall_ci_high,recall_ci_method');
    expect(first.startsWith('0,1,,true,false,10,3,0,2,')).toBe(true);
    // A bred candidate names the one it was bred from.
    expect(text.split('\n')[3].startsWith('2,1,1,false,true,30,3,0,')).toBe(true);
  });

  it('escapes the scenario name on the page and in the summary, and draws a dot a candidate', () => {
    const html = attackReportHtml(results);
    expect(html).not.toContain('x<script>');
    expect(html).toContain('x&lt;script&gt;');
    expect(html.match(/<circle /g)).toHaveLength(3);
    expect(html).not.toMatch(/<script/);
    const md = attackSummaryMarkdown(results);
    expect(md).toContain('❌');
    expect(md).toMatch(/Worst-case recall.*0\.400 \[0\.246, 0\.577\]/);
  });
});
