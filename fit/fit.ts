/**
 * fitLog: from a platform log alone (and, for per-label and per-archetype figures, its labels),
 * the estimates of what the simulator draws that a log can identify, each with its 95%
 * interval, the answer rates by what the platform saw of the pair, and a named warning for
 * each estimate the log is too short for (its default kept). fit/overlay.ts writes the result.
 */
import type { EventLog } from '../io/event-log-reader';
import type { Labels } from '../io/labels';
import { ARCHETYPES } from '../sim/config';
import { DEFAULT_ARCHETYPES } from '../sim/archetypes';
import { DEFAULT_NETWORK, DEFAULT_RESPONSE } from '../scenarios/defaults';
import { MINUTES_PER_DAY, MINUTES_PER_HOUR } from '../policies/policy';
import { wilson } from '../reports/stats';
import { fitAnswers, type GroupRates, type Interval } from './answers';
import { invitationsOf, MUTUAL_BUCKETS, WITHDRAWN, type Invitations } from './invitations';
import { memberFacts, type MemberFacts } from './members';
import { bootstrap, medianInterval, quantileSorted, spreadByMoments } from './estimate';

/** Fewest observations an estimate is made from; below it the default is kept, with a warning. */
export const MIN_OBSERVATIONS = 30;
/** Withdrawal delays are a fixed number of days per archetype in the model, so fewer suffice. */
export const MIN_WITHDRAWALS = 10;

/** A scenario field the fit sets. */
export interface Estimate extends Interval {
  field: string;
  /** What it rests on, for the overlay's comment. */
  basis: string;
}

export interface FitWarning {
  /** A stable name, e.g. too-few-accepts. */
  code: string;
  field: string;
  message: string;
}

export interface AnswerRow extends GroupRates {
  label: string;
  withdrawn: number;
}

export interface RateDistribution {
  label: string;
  members: number;
  mean: Interval;
  sigma: number;
  quantiles: Record<'p10' | 'p50' | 'p90', number>;
}

export interface FitResult {
  members: number;
  days: number;
  invitations: number;
  /** The answer window (fit/answers.ts), hours. */
  windowHours: number;
  estimates: Estimate[];
  /** Answer rates as drawn at send time, by what the platform saw of the pair. */
  answers: AnswerRow[];
  sendRates: RateDistribution[];
  withdrawDays: { withdrawals: number; median: number; p10: number; p90: number } | null;
  warnings: FitWarning[];
  /** Whether labels named invitesim archetypes, so per-archetype fields were fitted. */
  perArchetype: boolean;
}

/** What the fit needs from the log's columns beyond time, kind, member and other. */
export type Columns = ReadonlySet<string>;

export function fitLog(log: EventLog, columns: Columns, labels?: Labels): FitResult {
  const warnings: FitWarning[] = [];
  const estimates: Estimate[] = [];
  const warn = (code: string, field: string, message: string) => warnings.push({ code, field, message });
  const inv = invitationsOf(log);
  const facts = memberFacts(log, labels?.abusiveFrom);
  const result: FitResult = {
    members: log.members,
    days: log.horizon / MINUTES_PER_DAY,
    invitations: inv.n,
    windowHours: 0,
    estimates,
    answers: [],
    sendRates: [],
    withdrawDays: null,
    warnings,
    perArchetype: false,
  };
  let earliest = Infinity;
  for (const list of facts.withdrawDelays.values()) for (const d of list) earliest = Math.min(earliest, d);
  fitResponses(inv, log.horizon, earliest, estimates, result, warn);
  fitNetwork(facts, columns, estimates, warn);
  result.sendRates = rateDistributions(facts, labels);
  const delays = [...facts.withdrawDelays.values()].flat().sort((a, b) => a - b);
  if (delays.length > 0) {
    const d = (q: number) => quantileSorted(delays, q) / MINUTES_PER_DAY;
    result.withdrawDays = { withdrawals: delays.length, median: d(0.5), p10: d(0.1), p90: d(0.9) };
  }
  if (labels) result.perArchetype = fitArchetypes(facts, columns, labels, estimates, result.sendRates, warn);
  else warn('no-labels', 'archetypes', 'no --labels: send rates, notes, photos and withdrawal delays are reported for all members together, and no archetype field is set');
  return result;
}

type Warn = (code: string, field: string, message: string) => void;

/** Answer delays and the never-answer share (scenario fields), and the answer rates by what the platform saw. */
function fitResponses(inv: Invitations, horizon: number, earliestWithdrawal: number, estimates: Estimate[], result: FitResult, warn: Warn): void {
  const fitBy = (key: Uint8Array, groups: number) => fitAnswers(inv, key, groups, horizon, earliestWithdrawal);
  const rows = (labels: readonly string[], key: Uint8Array): AnswerRow[] => {
    const withdrawn = new Int32Array(labels.length);
    for (let i = 0; i < inv.n; i++) if (inv.outcome[i] === WITHDRAWN) withdrawn[key[i]]++;
    return fitBy(key, labels.length).groups.map((g, k) => ({ label: labels[k], withdrawn: withdrawn[k], ...g }));
  };
  const yesNo = (what: string) => [`not ${what}`, what];
  const fit = fitBy(new Uint8Array(inv.n), 1);
  result.windowHours = round1(fit.window / MINUTES_PER_HOUR);
  result.answers = [
    ...rows(['all invitations'], new Uint8Array(inv.n)),
    ...rows(MUTUAL_BUCKETS.map((b) => `mutual connections ${b}`), inv.mutual),
    ...rows(yesNo('recipient in the address book'), inv.inBook),
    ...rows(yesNo('with a note'), inv.note),
    ...rows(yesNo('sender with a photo'), inv.photo),
  ];
  const hours = (x: Interval): Interval => ({ value: x.value / MINUTES_PER_HOUR, low: x.low / MINUTES_PER_HOUR, high: x.high / MINUTES_PER_HOUR });
  const window = `${round1(fit.window / MINUTES_PER_HOUR)} h`;
  const why = Number.isFinite(earliestWithdrawal) ? 'the earliest withdrawal' : 'a log without withdrawals';
  if (fit.acceptDelay !== null && fit.acceptsSeen >= MIN_OBSERVATIONS) {
    estimates.push({ field: 'response.meanDelayHours', ...hours(fit.acceptDelay), basis: `${fmt(fit.acceptsSeen)} accepts within ${window} of sending (${why}), an exponential truncated there` });
  } else warn('too-few-accepts', 'response.meanDelayHours', `only ${fit.acceptsSeen} accepts within ${window} of sending, in invitations sent ${window} or more before the log ends (at least ${MIN_OBSERVATIONS} needed); the default ${DEFAULT_RESPONSE.meanDelayHours} is kept`);
  if (fit.declineDelay !== null && fit.declinesSeen >= MIN_OBSERVATIONS) {
    estimates.push({ field: 'response.declineDelayHours', ...hours(fit.declineDelay), basis: `${fmt(fit.declinesSeen)} ignores and IDKs within ${window} of sending (${why}), an exponential truncated there` });
  } else warn('too-few-declines', 'response.declineDelayHours', `only ${fit.declinesSeen} ignores and IDKs within ${window} of sending, in invitations sent ${window} or more before the log ends (at least ${MIN_OBSERVATIONS} needed); the default ${DEFAULT_RESPONSE.declineDelayHours} is kept`);
  if (fit.acceptDelay === null || fit.declineDelay === null) warn('too-few-answers', 'answer rates', `the first ${window} after sending hold no accept or no decline, so no answer rate is estimated`);
}

/** Address-book uploads and account ages of established members (joined before the log). */
function fitNetwork(f: MemberFacts, columns: Columns, estimates: Estimate[], warn: Warn): void {
  if (!columns.has('joined_at')) {
    warn('missing-column', 'population.addressBookShare', 'the log has no joined_at column, so established members (joined before the log) cannot be told from newcomers; addressBookShare and maxAccountAgeDays keep their defaults');
    return;
  }
  const ages: number[] = [];
  let books = 0;
  for (let m = 0; m < f.members; m++) {
    if (f.joinedAt[m] >= 0) continue;
    ages.push(-f.joinedAt[m] / MINUTES_PER_DAY);
    books += f.uploaded[m];
  }
  const n = ages.length;
  if (n < MIN_OBSERVATIONS) {
    warn('too-few-members', 'population.addressBookShare', `only ${n} members joined before the log (at least ${MIN_OBSERVATIONS} needed); addressBookShare ${DEFAULT_NETWORK.addressBookShare} and maxAccountAgeDays ${DEFAULT_NETWORK.maxAccountAgeDays} keep their defaults`);
    return;
  }
  const [low, high] = wilson(books, n);
  estimates.push({ field: 'population.addressBookShare', value: books / n, low, high, basis: `${fmt(books)} of ${fmt(n)} members who joined before the log uploaded an address book` });
  // Ages are uniform up to the maximum: the largest of n, scaled by (n+1)/n, and its exact interval.
  const max = ages.reduce((a, b) => Math.max(a, b), 0);
  estimates.push({ field: 'population.maxAccountAgeDays', value: (max * (n + 1)) / n, low: max, high: max * Math.pow(0.025, -1 / n), basis: `the oldest of ${fmt(n)} accounts joined before the log (ages uniform up to the maximum)` });
}

/** Send rates per label ("all members" without labels): mean with its bootstrap interval, spread, quantiles. */
function rateDistributions(f: MemberFacts, labels?: Labels): RateDistribution[] {
  const groups = new Map<string, number[]>();
  for (let m = 0; m < f.members; m++) {
    if (f.activeDays[m] < 1) continue;
    const label = labels ? (labels.abusiveFrom[m] >= 0 ? 'abusive' : 'honest') : 'all members';
    let g = groups.get(label);
    if (!g) groups.set(label, (g = []));
    g.push(m);
  }
  return [...groups.entries()].sort().map(([label, ms]) => rateDistribution(f, label, ms));
}

function rateDistribution(f: MemberFacts, label: string, ms: number[]): RateDistribution {
  const rate = (m: number) => f.sends[m] / f.activeDays[m];
  const mean = bootstrap(ms, (pick, n) => spreadByMoments((k) => rate(pick(k)), (k) => f.activeDays[pick(k)], n).mean);
  const sorted = ms.map(rate).sort((a, b) => a - b);
  return {
    label,
    members: ms.length,
    mean,
    sigma: spreadByMoments((k) => rate(ms[k]), (k) => f.activeDays[ms[k]], ms.length).sigma,
    quantiles: { p10: quantileSorted(sorted, 0.1), p50: quantileSorted(sorted, 0.5), p90: quantileSorted(sorted, 0.9) },
  };
}

/** Per-archetype fields, when the labels name invitesim archetypes; false when they name none. */
function fitArchetypes(f: MemberFacts, columns: Columns, labels: Labels, estimates: Estimate[], rates: RateDistribution[], warn: Warn): boolean {
  const byArchetype = new Map<string, number[]>();
  const unknown = new Set<string>();
  for (let m = 0; m < f.members; m++) {
    const a = labels.archetype[m];
    if (a === '') continue;
    if (!(ARCHETYPES as readonly string[]).includes(a)) {
      unknown.add(a);
      continue;
    }
    let g = byArchetype.get(a);
    if (!g) byArchetype.set(a, (g = []));
    g.push(m);
  }
  if (unknown.size > 0) warn('unknown-archetype', 'archetypes', `the labels name archetype${unknown.size > 1 ? 's' : ''} invitesim does not have (${[...unknown].slice(0, 5).join(', ')}); their members are left out of the per-archetype fields`);
  if (byArchetype.size === 0) {
    warn('no-archetypes', 'archetypes', 'the labels name no invitesim archetype, so no archetype field is set (send rates are reported per label)');
    return false;
  }
  for (const a of ARCHETYPES) {
    const ms = byArchetype.get(a);
    if (!ms) continue;
    const field = `archetypes.${a}`;
    const d = DEFAULT_ARCHETYPES[a];
    // Send rates are reported, not set: see NOT_IDENTIFIABLE in fit/overlay.ts.
    const active = ms.filter((m) => f.activeDays[m] >= 1);
    if (active.length >= MIN_OBSERVATIONS) rates.push(rateDistribution(f, a, active));
    if (!columns.has('photo')) warn('missing-column', `${field}.photoRate`, `the log has no photo column; photoRate keeps its default ${d.photoRate}`);
    else if (ms.length >= MIN_OBSERVATIONS) {
      const photos = ms.reduce((s, m) => s + f.photo[m], 0);
      const [low, high] = wilson(photos, ms.length);
      estimates.push({ field: `${field}.photoRate`, value: photos / ms.length, low, high, basis: `${fmt(photos)} of ${fmt(ms.length)} accounts with a photo` });
    } else warn('too-few-members', `${field}.photoRate`, `only ${ms.length} ${a} members (at least ${MIN_OBSERVATIONS} needed); photoRate keeps its default ${d.photoRate}`);
    const profile = ms.reduce((s, m) => s + f.profileSends[m], 0);
    const notes = ms.reduce((s, m) => s + f.notes[m], 0);
    if (!columns.has('note')) warn('missing-column', `${field}.noteRate`, `the log has no note column; noteRate keeps its default ${d.noteRate}`);
    else if (profile >= MIN_OBSERVATIONS) {
      const [low, high] = wilson(notes, profile);
      estimates.push({ field: `${field}.noteRate`, value: notes / profile, low, high, basis: `${fmt(notes)} of ${fmt(profile)} profile invitations carried a note` });
    } else warn('too-few-invitations', `${field}.noteRate`, `only ${profile} profile invitations by ${a} members (at least ${MIN_OBSERVATIONS} needed); noteRate keeps its default ${d.noteRate}`);
    const delays = ms.flatMap((m) => f.withdrawDelays.get(m) ?? []);
    if (delays.length >= MIN_WITHDRAWALS) {
      const med = medianInterval(delays);
      const days = (x: number) => x / MINUTES_PER_DAY;
      estimates.push({ field: `${field}.withdrawAfterDays`, value: days(med.value), low: days(med.low), high: days(med.high), basis: `median of ${fmt(delays.length)} withdrawals` });
    } else if (d.withdrawRate > 0) warn('too-few-withdrawals', `${field}.withdrawAfterDays`, `only ${delays.length} withdrawals by ${a} members (at least ${MIN_WITHDRAWALS} needed); withdrawAfterDays keeps its default ${d.withdrawAfterDays}`);
  }
  return true;
}

const round1 = (x: number) => +x.toFixed(1);

export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

