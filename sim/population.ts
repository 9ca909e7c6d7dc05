/**
 * Population: who the members are. Real members (honest archetypes and the accounts that
 * will be taken over) take ids 0..real-1 in shuffled order, so archetypes spread across
 * communities; fake accounts (spammers, sybils, adaptive attackers) follow in contiguous
 * blocks with no real-world contacts, sybil rings as consecutive runs of ids.
 */
import { ARCHETYPES, RECIPIENT_STYLES, type ArchetypeName, type SimConfig } from './config';
import { MINUTES_PER_DAY } from '../policies/policy';
import { Rng, deriveSeed } from './rng';
import { Members } from './members';
import type { ImportedGraph } from './imported-graph';

export interface Population {
  n: number;
  /** Ids below `real` are real people with contacts. */
  real: number;
  /** Each member's archetype (index into ARCHETYPES), recipient style (index into RECIPIENT_STYLES), photo, rate (the archetype's times a log-normal spread), first active minute. */
  members: Members;
  /** Ground truth, as one array policies and metrics can read: minute from which each member is abusive (-1: honest throughout). */
  abusiveFrom: Int32Array;
  /** Minute each account joined the platform (negative: before the run; newcomers and fake accounts at their first active minute, aged fake accounts agedDays before the run). */
  joinedAt: Int32Array;
  /** 1 where the member uploaded an address book (importers, and a share of established members). */
  uploaded: Uint8Array;
  /** 1 where the member has InMail credits. */
  inmail: Uint8Array;
  /** First id of the sybil block (rings are `ringSize` consecutive ids from here). */
  sybilBase: number;
  /** Members per archetype, in ARCHETYPES order. */
  counts: Int32Array;
}

/** Splits `total` by shares with the largest-remainder method (counts sum to total exactly). */
export function apportion(total: number, shares: number[]): number[] {
  const raw = shares.map((s) => s * total);
  const counts = raw.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k][1]]++;
  return counts;
}

/**
 * Members per archetype over an imported graph: its members are the real ones, split by the
 * real archetypes' shares (or as its archetypes file says), and the fake accounts the rest of n.
 */
function importedCounts(cfg: SimConfig, imported: ImportedGraph): number[] {
  const isFake = ARCHETYPES.map((a) => cfg.archetypes[a].fake);
  const realShares = ARCHETYPES.map((a, i) => (isFake[i] ? 0 : cfg.shares[a]));
  const fakeShares = ARCHETYPES.map((a, i) => (isFake[i] ? cfg.shares[a] : 0));
  const norm = (xs: number[]) => {
    const t = xs.reduce((x, y) => x + y, 0);
    return xs.map((x) => (t > 0 ? x / t : 0));
  };
  let realCounts: number[];
  if (imported.archetypes) {
    realCounts = ARCHETYPES.map(() => 0);
    for (let m = 0; m < imported.real; m++) realCounts[imported.archetypes[m]]++;
  } else realCounts = apportion(imported.real, norm(realShares.some((x) => x > 0) ? realShares : isFake.map((f) => (f ? 0 : 1))));
  const fake = cfg.members - imported.real;
  const fakeCounts = fake > 0 ? apportion(fake, norm(fakeShares)) : ARCHETYPES.map(() => 0);
  return realCounts.map((c, i) => c + fakeCounts[i]);
}

/** Fake accounts to add beside an imported graph of `real` members so that fake archetypes keep their population shares. */
export function fakeMembersBeside(real: number, shares: Record<ArchetypeName, number>, archetypes: SimConfig['archetypes']): number {
  const fake = ARCHETYPES.reduce((t, a) => t + (archetypes[a].fake ? shares[a] : 0), 0);
  return fake >= 1 ? real : Math.round((real * fake) / (1 - fake));
}

export function buildPopulation(cfg: SimConfig, rng: Rng, imported: ImportedGraph | null = null): Population {
  const n = cfg.members;
  const horizon = cfg.days * MINUTES_PER_DAY;
  const counts = imported ? importedCounts(cfg, imported) : apportion(n, ARCHETYPES.map((a) => cfg.shares[a]));
  const archetype = new Uint8Array(n);

  // Real members first, shuffled (unless an archetypes file placed them); then fake-account blocks in ARCHETYPES order.
  let real = 0;
  ARCHETYPES.forEach((a, i) => {
    if (!cfg.archetypes[a].fake) archetype.fill(i, real, (real += counts[i]));
  });
  if (imported?.archetypes) archetype.set(imported.archetypes);
  else for (let i = real - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = archetype[i];
    archetype[i] = archetype[j];
    archetype[j] = t;
  }
  let next = real;
  let sybilBase = n;
  ARCHETYPES.forEach((a, i) => {
    if (!cfg.archetypes[a].fake) return;
    if (a === 'sybil') sybilBase = next;
    archetype.fill(i, next, (next += counts[i]));
  });

  const styleCumulative = cumulate(RECIPIENT_STYLES.map((s) => cfg.response.styles[s]));
  const members = new Members(n);
  const abusiveFrom = new Int32Array(n).fill(-1);
  const joinedAt = new Int32Array(n);
  const uploaded = new Uint8Array(n);
  const inmail = new Uint8Array(n);
  const maxAge = cfg.network.maxAccountAgeDays * MINUTES_PER_DAY;
  for (let m = 0; m < n; m++) {
    const p = cfg.archetypes[ARCHETYPES[archetype[m]] as ArchetypeName];
    const style = rng.pick(styleCumulative);
    const photo = rng.chance(p.photoRate);
    const rate = p.sendsPerDay * rng.spread(p.rateSpread);
    const activeAt = Math.floor((p.activeFrom.from + rng.next() * (p.activeFrom.to - p.activeFrom.from)) * MINUTES_PER_DAY);
    if (p.takeover) {
      const at = Math.floor((p.takeover.from + rng.next() * (p.takeover.to - p.takeover.from)) * MINUTES_PER_DAY);
      abusiveFrom[m] = at < horizon ? at : -1;
    } else if (p.label === 'abusive') {
      abusiveFrom[m] = activeAt;
    }
    members.init(m, archetype[m], style, photo, rate, activeAt, abusiveFrom[m]);
    const newcomer = p.fake || p.newcomer;
    joinedAt[m] = newcomer ? activeAt : -Math.floor(rng.next() * maxAge);
    uploaded[m] = p.importSize > 0 || (!newcomer && rng.chance(cfg.network.addressBookShare)) ? 1 : 0;
    inmail[m] = rng.chance(p.inmailShare) ? 1 : 0;
  }
  ageFakeAccounts(cfg, archetype, real, joinedAt);
  return { n, real, members, abusiveFrom, joinedAt, uploaded, inmail, sybilBase, counts: Int32Array.from(counts) };
}

/**
 * Aged fake accounts (an archetype's `agedShare`): each joined `agedDays` before the run, so the
 * platform sees an old account. Drawn from a stream of their own and only when some archetype
 * has aged accounts: without them the population is drawn exactly as before, and with them the
 * rest of the world is the same one, so a sweep of the share compares like with like.
 */
function ageFakeAccounts(cfg: SimConfig, archetype: Uint8Array, real: number, joinedAt: Int32Array): void {
  if (!ARCHETYPES.some((a) => cfg.archetypes[a].fake && cfg.archetypes[a].agedShare > 0)) return;
  const rng = new Rng(deriveSeed(cfg.seed, 'aged'));
  for (let m = real; m < joinedAt.length; m++) {
    const p = cfg.archetypes[ARCHETYPES[archetype[m]] as ArchetypeName];
    if (p.agedShare === 0 || !rng.chance(p.agedShare)) continue;
    const days = p.agedDays.min + rng.next() * (p.agedDays.max - p.agedDays.min);
    joinedAt[m] = -Math.floor(days * MINUTES_PER_DAY);
  }
}

function cumulate(weights: number[]): Float64Array {
  const c = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => (c[i] = sum += w));
  return c;
}
