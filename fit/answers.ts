/**
 * Answer rates and delays from invitations whose ends are partly hidden. The simulator draws,
 * when an invitation goes out, whether the recipient will accept, decline (Ignore or IDK) or
 * never answer, and for an answer an exponential delay (accepts and declines apart); a
 * withdrawal or the end of the log hides whatever was still to come. Counting the answers seen
 * would undercount declines, which come slowly and lose the race to withdrawals.
 *
 * Neither hiding is blind to the answer. Senders withdraw from strangers, who accept less, and
 * the log cannot tell strangers apart; and invitations sent late in a log (the ones its end
 * hides) go to other recipients than early ones. A maximum-likelihood fit of the whole model
 * treating both as ordinary censoring (expectation-maximisation, tried first) assumed a hidden
 * invitation would have answered like the others of its group, and on a seeded baseline put the
 * accept delay 0.5 h (a log without withdrawals) to 0.8 h (one with them) above the 30 h that
 * drew it, outside its interval (docs/fit.md). So the fit looks only at the first `c` minutes after each send, over
 * invitations sent at least `c` before the end: `c` is the earliest withdrawal delay seen (no
 * withdrawal can hide an answer that early), or, in a log without withdrawals, 14 days (or half
 * the log). Within that window every answer is seen, so the delays are truncated exponential
 * samples whatever the mix of recipients (maximum likelihood), and a group's share of an answer
 * is its share seen by `c` over the chance such an answer comes by `c`. What it costs is
 * precision: with withdrawals from 3 days and declines of mean 120 h, only 45% of declines fall
 * inside the window, and the shares' intervals carry the decline delay's uncertainty.
 * Shares are per group (what the platform saw of the pair); the two delays are shared, since
 * the model's delays depend on the answer alone.
 */
import { ACCEPTED, IDKED, IGNORED, type Invitations } from './invitations';
import { wilson } from '../reports/stats';

export interface Interval {
  value: number;
  low: number;
  high: number;
}

export interface GroupRates {
  /** Invitations in the group sent early enough for the window: what the shares rest on. */
  n: number;
  /** Every delivered invitation in the group. */
  all: number;
  /** Probabilities of each answer as drawn at send time (sum 1). */
  accept: Interval;
  ignore: Interval;
  idk: Interval;
  none: Interval;
}

export interface AnswerFit {
  groups: GroupRates[];
  /** Mean delays in minutes of the continuous draw (the simulator's minute is 1 + its floor); null when the window holds no such answer. */
  acceptDelay: Interval | null;
  declineDelay: Interval | null;
  /** Answers within the window, which the delays rest on. */
  acceptsSeen: number;
  declinesSeen: number;
  /** The window, minutes. */
  window: number;
}

const Z = 1.959963984540054;
/** The window of a log without withdrawals: nearly every accept (mean 30 h) and 94% of declines (120 h) come within 14 days. */
export const NO_WITHDRAWAL_WINDOW = 14 * 1440;
const NAN: Interval = { value: NaN, low: NaN, high: NaN };

/**
 * Fits answer shares per group (`group[i]` in 0..groups-1) and the shared delays. Intervals: a
 * delay's from the likelihood's curvature; a share's is the Wilson interval of the share seen
 * by `c`, scaled by the chance of being seen at either end of the delay's interval; the
 * never-answer share's is the multinomial's normal interval at either end of both delays'.
 */
export function fitAnswers(inv: Invitations, group: Uint8Array, groups: number, horizon: number, earliestWithdrawal = Infinity): AnswerFit {
  const c = Number.isFinite(earliestWithdrawal) ? earliestWithdrawal : Math.min(NO_WITHDRAWAL_WINDOW, Math.floor(horizon / 2));
  const seen = Array.from({ length: groups }, () => ({ n: 0, a: 0, ig: 0, idk: 0 }));
  const total = new Int32Array(groups);
  const a: number[] = [];
  const d: number[] = [];
  for (let i = 0; i < inv.n; i++) {
    total[group[i]]++;
    if (inv.sentAt[i] > horizon - c) continue;
    const g = seen[group[i]];
    g.n++;
    if (inv.duration[i] >= c) continue;
    // Continuous delays: the simulator's answer comes at 1 + floor(X) minutes, X exponential.
    const o = inv.outcome[i];
    if (o === ACCEPTED) (g.a++, a.push(inv.duration[i] - 0.5));
    else if (o === IGNORED || o === IDKED) {
      if (o === IGNORED) g.ig++;
      else g.idk++;
      d.push(inv.duration[i] - 0.5);
    }
  }
  const w = c - 0.5;
  const accept = truncatedMean(a, w);
  const decline = truncatedMean(d, w);
  const seenBy = (mu: number) => 1 - Math.exp(-w / mu);
  const fit: AnswerFit = { groups: [], acceptDelay: accept, declineDelay: decline, acceptsSeen: a.length, declinesSeen: d.length, window: c };
  if (accept === null || decline === null) {
    fit.groups = seen.map((_, k) => ({ n: seen[k].n, all: total[k], accept: NAN, ignore: NAN, idk: NAN, none: NAN }));
    return fit;
  }
  // The chance an answer is seen by c: at the delay's estimate, and at its interval's ends (a longer delay, a smaller chance).
  const fA = [seenBy(accept.value), seenBy(accept.high), seenBy(accept.low)];
  const fD = [seenBy(decline.value), seenBy(decline.high), seenBy(decline.low)];
  const scaled = (x: number, n: number, f: number[]): Interval => {
    if (n === 0) return NAN;
    const [low, high] = wilson(x, n);
    return { value: Math.min(1, x / n / f[0]), low: Math.min(1, low / f[2]), high: Math.min(1, high / f[1]) };
  };
  fit.groups = seen.map((g, k) => {
    if (g.n === 0) return { n: 0, all: total[k], accept: NAN, ignore: NAN, idk: NAN, none: NAN };
    const pa = g.a / g.n;
    const pd = (g.ig + g.idk) / g.n;
    const none = (ia: number, id: number) => 1 - pa / fA[ia] - pd / fD[id];
    const se = Math.sqrt((pa * (1 - pa)) / fA[0] ** 2 + (pd * (1 - pd)) / fD[0] ** 2 + (2 * pa * pd) / (fA[0] * fD[0])) / Math.sqrt(g.n);
    // Fewer of them seen (longer delays) means more of them to come, so fewer never answered.
    const clip = (x: number) => Math.min(1, Math.max(0, x));
    return {
      n: g.n,
      all: total[k],
      accept: scaled(g.a, g.n, fA),
      ignore: scaled(g.ig, g.n, fD),
      idk: scaled(g.idk, g.n, fD),
      none: { value: clip(none(0, 0)), low: clip(none(1, 1) - Z * se), high: clip(none(2, 2) + Z * se) },
    };
  });
  return fit;
}

/**
 * Maximum-likelihood mean of an exponential seen only below c: the μ whose truncated mean,
 * μ − c·e^{−c/μ}/(1 − e^{−c/μ}), equals the sample's (it rises with μ towards c/2); the interval
 * from the observed information, by a numeric second derivative of the log-likelihood.
 */
export function truncatedMean(xs: number[], c: number): Interval | null {
  const n = xs.length;
  if (n === 0) return null;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  if (mean >= c / 2) return null;
  const truncated = (mu: number) => {
    const q = Math.exp(-c / mu);
    return mu - (c * q) / (1 - q);
  };
  let lo = 1e-9;
  let hi = c;
  while (truncated(hi) < mean) hi *= 2;
  for (let it = 0; it < 200; it++) {
    const mid = (lo + hi) / 2;
    if (truncated(mid) < mean) lo = mid;
    else hi = mid;
  }
  const mu = (lo + hi) / 2;
  const ll = (m: number) => -n * Math.log(m) - (n * mean) / m - n * Math.log(1 - Math.exp(-c / m));
  const h = mu * 1e-3;
  const curvature = -(ll(mu + h) - 2 * ll(mu) + ll(mu - h)) / (h * h);
  const se = curvature > 0 ? 1 / Math.sqrt(curvature) : Infinity;
  return { value: mu, low: Math.max(0, mu - Z * se), high: mu + Z * se };
}
