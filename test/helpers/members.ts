/** Reading members.csv back in tests, and the checks every member row and run must pass. */
import type { RunMetrics } from '../../sim/result';

/** The invitation columns members.csv shares with runs.csv: per run, the members' cells sum to the run's. */
export const SUMMED = ['invitationsAttempted', 'blocked', 'accepted', 'ignored', 'idk', 'withdrawn', 'pending'] as const;

export type MemberRow = Record<string, string>;

/** members.csv text as rows of cells (no cell of it is ever quoted). */
export function parseMembersCsv(text: string): MemberRow[] {
  const [header, ...lines] = text.split('\n').filter(Boolean);
  const columns = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    expect(cells).toHaveLength(columns.length);
    return Object.fromEntries(columns.map((c, i) => [c, cells[i]]));
  });
}

/** Checks one run's rows against its metrics (what runs.csv writes), and each row on its own. */
export function expectRunMatches(rows: MemberRow[], metrics: Pick<RunMetrics, (typeof SUMMED)[number] | 'members' | 'abusiveMembers' | 'truePositives' | 'falsePositives' | 'restrictionsStarted' | 'permanentRestrictions'>): void {
  const n = (r: MemberRow, c: string) => Number(r[c]);
  // Row checks gathered first: one expect per row would dominate the test's time.
  const bad = rows.filter(
    (r) =>
      n(r, 'invitationsAttempted') !== n(r, 'blocked') + n(r, 'accepted') + n(r, 'ignored') + n(r, 'idk') + n(r, 'withdrawn') + n(r, 'pending') ||
      n(r, 'delivered') !== n(r, 'invitationsAttempted') - n(r, 'blocked') ||
      SUMMED.some((c) => !(n(r, c) >= 0)) ||
      // Never restricted exactly when the first restriction minute is empty, and then no strikes.
      r.restricted !== (r.firstRestrictedAt === '' ? 'false' : 'true') ||
      (r.restricted === 'true') !== n(r, 'strikes') > 0 ||
      (r.permanent === 'true' && r.restricted !== 'true') ||
      r.abusive !== (r.abusiveFrom === '' ? 'false' : 'true'),
  );
  expect(bad).toEqual([]);
  for (const c of SUMMED) expect([c, rows.reduce((s, r) => s + n(r, c), 0)]).toEqual([c, metrics[c]]);
  const count = (f: (r: MemberRow) => boolean) => rows.filter(f).length;
  expect(rows).toHaveLength(metrics.members);
  expect(count((r) => r.abusive === 'true')).toBe(metrics.abusiveMembers);
  // Truth in time: a taken-over account restricted before its takeover is its owner's false
  // positive, and caught only by a restriction from abusiveFrom on, which members.csv (first
  // restriction only) cannot always tell; so the counts bound the run's confusion.
  const restrictedAbusive = count((r) => r.restricted === 'true' && r.abusive === 'true');
  const caughtFirst = count((r) => r.restricted === 'true' && r.abusive === 'true' && Number(r.firstRestrictedAt) >= Number(r.abusiveFrom));
  const honestRestricted = count((r) => r.restricted === 'true' && r.abusive === 'false');
  expect(metrics.truePositives).toBeGreaterThanOrEqual(caughtFirst);
  expect(metrics.truePositives).toBeLessThanOrEqual(restrictedAbusive);
  expect(metrics.falsePositives).toBeGreaterThanOrEqual(honestRestricted);
  expect(metrics.falsePositives).toBeLessThanOrEqual(honestRestricted + restrictedAbusive - caughtFirst);
  expect(rows.reduce((s, r) => s + n(r, 'strikes'), 0)).toBe(metrics.restrictionsStarted);
  expect(count((r) => r.permanent === 'true')).toBe(metrics.permanentRestrictions);
}
