/**
 * What an offline backtest adds to run's reports (results.json's `offline`, drawn on report.html):
 * which log it replayed, the counterfactuals a log allows at each point (harm it would have
 * stopped, honest friction it would have caused), and, when a closed-loop run of the same world
 * is given, offline recall and precision beside closed-loop ones, point by point. The section is
 * rendered here, text and inline SVG, so the page's scripts need nothing new.
 */
import { escapeHtml as h } from './escape';

/** The counterfactuals a log allows, at one point of a backtest. */
export interface Counterfactuals {
  abusiveInvitationsLogged: number;
  harmStopped: number;
  harmStoppedShare: number | null;
  honestInvitationsLogged: number;
  honestFriction: number;
  honestFrictionShare: number | null;
}

export interface OfflinePoint extends Counterfactuals {
  point: number;
  params: Record<string, unknown>;
  /** Abusive members with no logged attempt once abusive: not in recall's denominator. */
  silentAbusive: number;
}

/** One backtest point beside the closed-loop point that ran the same policy in the same world. */
export interface ClosedLoopPair {
  point: number;
  /** The policy both ran, e.g. `weekly-cap {"cap":100}`, and its name alone for the chart. */
  policy: string;
  name: string;
  /** The closed-loop run's results.json, and the point in it. */
  results: string;
  closedPoint: number;
  /** Whether a replicate of that point ran on the seed that recorded the log: the same draw of the world, not only the same scenario. */
  sameSeed: boolean;
  offline: { recall: number | null; precision: number | null };
  closed: { recall: number | null; precision: number | null; recallCi: [number | null, number | null]; replicates: number };
}

export interface OfflineSection {
  log: { file: string; rows: number; members: number; horizon: number; scenario: string | null; seed: string | null };
  labels: string;
  points: OfflinePoint[];
  /** The closed-loop runs compared with (`backtest --closed-loop DIR`, repeatable), or null. */
  closedLoop: { scenarios: string[]; pairs: ClosedLoopPair[] } | null;
}

const fmt = (x: number | null, digits = 3) => (x === null ? '—' : x.toFixed(digits));
const count = (x: number) => x.toLocaleString('en-US');

function describe(params: Record<string, unknown>): string {
  const e = Object.entries(params);
  return e.length === 0 ? '(no parameters)' : e.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
}

/** The badge beside the status: this page is of a replay, not of a simulated run. */
export function offlineBadge(): string {
  return '<div class="badge warn" title="events happened as logged, whatever the policy says: attackers who adapt to the policy are not in these figures">Offline backtest</div>';
}

export function offlineSectionHtml(o: OfflineSection): string {
  const rows = o.points
    .map(
      (p) =>
        `<tr><td>${p.point}</td><td>${h(describe(p.params))}</td><td>${count(p.harmStopped)} of ${count(p.abusiveInvitationsLogged)}</td><td><strong>${fmt(p.harmStoppedShare)}</strong></td><td>${count(p.honestFriction)} of ${count(p.honestInvitationsLogged)}</td><td><strong>${fmt(p.honestFrictionShare, 4)}</strong></td><td>${count(p.silentAbusive)}</td></tr>`,
    )
    .join('');
  return `<section id="offline" aria-labelledby="offline-title">
  <h2 id="offline-title">Offline backtest</h2>
  <p class="note">Open loop: the ${count(o.log.rows)} rows of <code>${h(o.log.file)}</code> (${count(o.log.members)} members, ${(o.log.horizon / 1440).toFixed(1)} days${o.log.scenario ? `, recorded by scenario ${h(o.log.scenario)}` : ''}) happened as logged, whatever this policy says; labels from <code>${h(o.labels)}</code>. Member counts, time to restriction and restrictions are the replayed policy's; invitation counts are the log's. Attackers who adapt to a policy are not in a log: a closed-loop run (<code>invitesim run</code>) shows what they leave of these figures.</p>
  <div style="overflow-x:auto"><table class="kv offline-table"><tr><th>point</th><th>parameters</th><th>abusive invitations under restriction</th><th>harm stopped</th><th>honest invitations under restriction</th><th>honest friction</th><th>silent abusive</th></tr>${rows}</table></div>
  <p class="note">Under restriction: logged going out while this policy would have had the sender restricted; harm stopped and honest friction are their shares of all abusive and all honest invitations logged. Harm stopped is an upper bound (a restricted attacker who has the address may still invite); silent abusive members sent nothing once abusive, so nothing in the log could catch them, and they are not in recall's denominator.</p>
${o.closedLoop ? closedLoopHtml(o.closedLoop) : ''}</section>`;
}

/** Offline against closed-loop recall, a pair of bars a policy, and the table of both. */
function closedLoopHtml(c: NonNullable<OfflineSection['closedLoop']>): string {
  const W = 560;
  const rowH = 46;
  const left = 190;
  const barW = W - left - 60;
  const H = c.pairs.length * rowH + 30;
  const bar = (y: number, v: number | null, cls: string, label: string) =>
    v === null
      ? `<text x="${left}" y="${y + 12}" class="muted">${label}: undefined</text>`
      : `<rect x="${left}" y="${y}" width="${(v * barW).toFixed(1)}" height="16" class="${cls}"><title>${label} recall ${v.toFixed(3)}</title></rect><text x="${left + v * barW + 4}" y="${y + 12}">${v.toFixed(3)}</text>`;
  const bars = c.pairs
    .map((p, i) => {
      const y = 10 + i * rowH;
      return `<text x="${left - 8}" y="${y + 20}" text-anchor="end">${h(p.name)}<title>${h(p.policy)}</title></text>${bar(y, p.offline.recall, 'offline-bar', 'offline')}${bar(y + 18, p.closed.recall, 'closed-bar', 'closed-loop')}`;
    })
    .join('');
  const rows = c.pairs
    .map(
      (p) =>
        `<tr><td>${h(p.policy)}</td><td><strong>${fmt(p.offline.recall)}</strong></td><td><strong>${fmt(p.closed.recall)}</strong> [${fmt(p.closed.recallCi[0])}, ${fmt(p.closed.recallCi[1])}]</td><td>${fmt(p.offline.precision)}</td><td>${fmt(p.closed.precision)}</td><td>${h(p.results)} point ${p.closedPoint}, ${p.closed.replicates} replicate${p.closed.replicates === 1 ? '' : 's'}; ${p.sameSeed ? '<em>same world</em>' : 'another draw'}</td></tr>`,
    )
    .join('');
  return `  <h3 id="closed-loop">Offline against closed loop</h3>
  <p class="note">The same policies run closed loop (scenario ${c.scenarios.map(h).join(', ')}): there, attackers meet the policy and adapt to it. Recall offline is the figure a team would ship on; closed loop is what the attackers leave of it. <em>Same world</em>: the closed-loop run used the seed that recorded the log, so its members, graph and attackers are the log's; otherwise it is another draw of the same scenario.</p>
  <figure class="chart wide" data-chart="offline-vs-closed"><figcaption>Recall: offline backtest against closed loop</figcaption>
  <svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="offline and closed-loop recall by policy" style="max-width:${W}px;font-size:12px">
  <style>.offline-bar{fill:#4c78a8}.closed-bar{fill:#e45756}</style>${bars}
  <rect x="${left}" y="${H - 14}" width="10" height="10" class="offline-bar"/><text x="${left + 14}" y="${H - 5}">offline backtest</text><rect x="${left + 130}" y="${H - 14}" width="10" height="10" class="closed-bar"/><text x="${left + 144}" y="${H - 5}">closed loop</text>
  </svg></figure>
  <div style="overflow-x:auto"><table class="kv closed-loop-table"><tr><th>policy</th><th>offline recall</th><th>closed-loop recall [95% CI]</th><th>offline precision</th><th>closed-loop precision</th><th>closed-loop run</th></tr>${rows}</table></div>
`;
}
