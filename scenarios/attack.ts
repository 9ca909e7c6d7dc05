/**
 * The `attack` block: the bounds of the strategy space `invitesim attack` searches for an
 * attacker archetype, each optional with a documented default. A bound is `[low, high]`
 * (low = high fixes the parameter); `whenRestricted` is the list of behaviours to try.
 * attackSpace() turns the block and an archetype into the parameters actually searched:
 * only those the archetype's accounts read (ring size and share only for sybils, the probing
 * rule only for an archetype with one, the contact share only for real accounts), each with
 * the scenario path a candidate sets.
 */
import { z } from 'zod';
import { InputError } from '../sim/errors';
import { ARCHETYPES, RESTRICTED_BEHAVIOURS, type ArchetypeName, type ArchetypeParams, type RestrictedBehaviour } from '../sim/config';

/** A `[low, high]` bound whose ends each pass `end`. */
function bound(end: z.ZodNumber, describe: string) {
  return z
    .array(end)
    .length(2, 'must be a [low, high] pair, e.g. [10, 50]')
    .superRefine((b, ctx) => {
      if (b[0] > b[1]) ctx.addIssue({ code: 'custom', message: `[${b[0]}, ${b[1]}] is inverted; give [low, high], e.g. [${b[1]}, ${b[0]}]` });
    })
    .describe(describe)
    .optional();
}

const share = z.number().min(0, 'must be a share in [0, 1]').max(1, 'must be a share in [0, 1]');
const rate = z.number().min(0, 'must be ≥ 0').finite();
const ringSize = z.number().int('must be a whole number').min(2, 'must be ≥ 2 (a ring of one is no ring)').max(1000, 'must be ≤ 1000');

/** The defaults of every bound; README and docs/runner.md list them with what each models. */
export const ATTACK_DEFAULTS = {
  sendsPerDay: [1, 200],
  targets: { contact: [0, 1], fof: [0, 1], stranger: [0, 1] },
  noteRate: [0, 1],
  withdrawRate: [0, 1],
  withdrawAfterDays: [0.5, 14],
  whenRestricted: [...RESTRICTED_BEHAVIOURS],
  slowFactor: [0.05, 1],
  ringSize: [2, 40],
  ringShare: [0, 0.8],
  adaptive: { startWeekly: [10, 300], step: [1, 50], backoff: [0.1, 0.9], memory: [0.5, 1], scoutShare: [0.01, 0.5], acceptTarget: [0, 0.8] },
} as const;

const d = (b: readonly unknown[]) => `default [${b.join(', ')}]`;

export const attackSchema = z
  .strictObject({
    sendsPerDay: bound(rate, `Invitations a day while active (drawn log-uniformly when low > 0); ${d(ATTACK_DEFAULTS.sendsPerDay)}.`),
    targets: z
      .strictObject({
        contact: bound(share, `Share of invitations to people the account knows (real accounts only); ${d(ATTACK_DEFAULTS.targets.contact)}.`),
        fof: bound(share, `Share to friends of friends; ${d(ATTACK_DEFAULTS.targets.fof)}.`),
        stranger: bound(share, `Share to strangers; ${d(ATTACK_DEFAULTS.targets.stranger)}. The three must admit a mix summing to 1.`),
      })
      .optional(),
    noteRate: bound(share, `Share of invitations with a personal note; ${d(ATTACK_DEFAULTS.noteRate)}.`),
    withdrawRate: bound(share, `Share of pending invitations to strangers withdrawn (friends of friends: half); ${d(ATTACK_DEFAULTS.withdrawRate)}.`),
    withdrawAfterDays: bound(rate, `Days before a pending invitation is withdrawn; ${d(ATTACK_DEFAULTS.withdrawAfterDays)}.`),
    whenRestricted: z
      .array(z.enum(RESTRICTED_BEHAVIOURS, { error: () => `must be one of ${RESTRICTED_BEHAVIOURS.join(', ')}` }))
      .min(1, `is empty; give at least one of ${RESTRICTED_BEHAVIOURS.join(', ')}`)
      .describe(`Behaviours to try while restricted; default every one (${RESTRICTED_BEHAVIOURS.join(', ')}).`)
      .optional(),
    slowFactor: bound(share, `Rate multiplier while restricted, for whenRestricted "slow"; ${d(ATTACK_DEFAULTS.slowFactor)}.`),
    ringSize: bound(ringSize, `Sybils only: accounts in a ring; ${d(ATTACK_DEFAULTS.ringSize)}.`),
    ringShare: bound(share, `Sybils only: share of invitations to ring mates; ${d(ATTACK_DEFAULTS.ringShare)}.`),
    adaptive: z
      .strictObject({
        startWeekly: bound(rate, `Probing rule: the fleet's weekly level at the start; ${d(ATTACK_DEFAULTS.adaptive.startWeekly)}.`),
        step: bound(rate, `Probing rule: additive increase a day while no account is caught; ${d(ATTACK_DEFAULTS.adaptive.step)}.`),
        backoff: bound(share, `Probing rule: multiplicative decrease on a catch; ${d(ATTACK_DEFAULTS.adaptive.backoff)}.`),
        memory: bound(share, `Probing rule: share of the lowest caught level never passed again; ${d(ATTACK_DEFAULTS.adaptive.memory)}.`),
        scoutShare: bound(share, `Probing rule: share of accounts that probe at the level; ${d(ATTACK_DEFAULTS.adaptive.scoutShare)}.`),
        acceptTarget: bound(share, `Probing rule: accept rate kept up by inviting friends of friends and fleet mates (0: off); ${d(ATTACK_DEFAULTS.adaptive.acceptTarget)}.`),
      })
      .optional(),
  })
  .describe('Bounds of the strategy space `invitesim attack` searches (every field optional, with its default); only what the attacker archetype uses is searched.');

export type AttackBlock = z.infer<typeof attackSchema>;

export type Bound = readonly [number, number];

/** One searched parameter: its name (as attack.csv's column and the attack block's path), the scenario path a candidate sets, and how it is drawn. */
export interface SearchedParam {
  name: string;
  path: string;
  kind: 'real' | 'log' | 'int' | 'choice';
  bound?: Bound;
  choices?: readonly RestrictedBehaviour[];
}

/** The searched parameters of an archetype; the three target shares are drawn together (they sum to 1). */
export interface AttackSpace {
  attacker: ArchetypeName;
  params: SearchedParam[];
  /** The target mix's bounds and paths; contact is null for fake accounts, which know no one. */
  targets: { contact: { path: string; bound: Bound } | null; fof: { path: string; bound: Bound }; stranger: { path: string; bound: Bound } };
}

const ABUSIVE = (archetypes: Record<ArchetypeName, ArchetypeParams>) => ARCHETYPES.filter((a) => archetypes[a].label === 'abusive');

/**
 * The strategy space for `attacker` in a resolved scenario: an InputError names the flag or
 * the field when the archetype is unknown, honest, absent from the population, or when the
 * target bounds admit no mix for it.
 */
export function attackSpace(
  scenario: { archetypes: Record<ArchetypeName, ArchetypeParams>; population: { shares: Record<ArchetypeName, number> }; attack?: AttackBlock },
  attacker: string,
): AttackSpace {
  const abusive = ABUSIVE(scenario.archetypes);
  if (!(ARCHETYPES as readonly string[]).includes(attacker)) {
    throw new InputError(`--attacker ${attacker}: no such archetype; give an abusive one: ${abusive.join(', ')}`);
  }
  const name = attacker as ArchetypeName;
  const p = scenario.archetypes[name];
  if (p.label !== 'abusive') throw new InputError(`--attacker ${name}: is an honest archetype (the red team searches attackers, keeping honest members fixed); give an abusive one: ${abusive.join(', ')}`);
  if (!(scenario.population.shares[name] > 0)) {
    const present = abusive.filter((a) => scenario.population.shares[a] > 0);
    throw new InputError(`--attacker ${name}: population.shares.${name} is 0, so the scenario has no such accounts; give it a share (--set population.shares.${name}=0.01 and lower another) or attack one present: ${present.join(', ') || 'none'}`);
  }
  const a = scenario.attack ?? {};
  const at = `archetypes.${name}`;
  // A taken-over account's abusive figures are its takeover block's.
  const abusiveAt = p.takeover ? `${at}.takeover` : at;
  const pick = (given: readonly number[] | undefined, fallback: Bound): Bound => (given ? [given[0], given[1]] : fallback);
  const params: SearchedParam[] = [{ name: 'sendsPerDay', path: `${abusiveAt}.sendsPerDay`, kind: 'log', bound: pick(a.sendsPerDay, ATTACK_DEFAULTS.sendsPerDay) }];
  params.push({ name: 'noteRate', path: `${abusiveAt}.noteRate`, kind: 'real', bound: pick(a.noteRate, ATTACK_DEFAULTS.noteRate) });
  const withdrawRate = pick(a.withdrawRate, ATTACK_DEFAULTS.withdrawRate);
  params.push({ name: 'withdrawRate', path: `${at}.withdrawRate`, kind: 'real', bound: withdrawRate });
  if (withdrawRate[1] > 0) params.push({ name: 'withdrawAfterDays', path: `${at}.withdrawAfterDays`, kind: 'real', bound: pick(a.withdrawAfterDays, ATTACK_DEFAULTS.withdrawAfterDays) });
  const when: readonly RestrictedBehaviour[] = a.whenRestricted ?? ATTACK_DEFAULTS.whenRestricted;
  params.push({ name: 'whenRestricted', path: `${at}.whenRestricted`, kind: 'choice', choices: when });
  if (when.includes('slow')) params.push({ name: 'slowFactor', path: `${at}.slowFactor`, kind: 'real', bound: pick(a.slowFactor, ATTACK_DEFAULTS.slowFactor) });
  if (name === 'sybil') {
    params.push({ name: 'ringSize', path: `${at}.ringSize`, kind: 'int', bound: pick(a.ringSize, ATTACK_DEFAULTS.ringSize) });
    params.push({ name: 'ringShare', path: `${at}.ringShare`, kind: 'real', bound: pick(a.ringShare, ATTACK_DEFAULTS.ringShare) });
  }
  if (p.adaptive) {
    for (const k of ['startWeekly', 'step', 'backoff', 'memory', 'scoutShare', 'acceptTarget'] as const) {
      params.push({ name: `adaptive.${k}`, path: `${at}.adaptive.${k}`, kind: 'real', bound: pick(a.adaptive?.[k], ATTACK_DEFAULTS.adaptive[k]) });
    }
  }
  const t = a.targets ?? {};
  const tb = (k: 'contact' | 'fof' | 'stranger') => ({ path: `${abusiveAt}.targets.${k}`, bound: pick(t[k], ATTACK_DEFAULTS.targets[k]) });
  const targets = { contact: p.fake ? null : tb('contact'), fof: tb('fof'), stranger: tb('stranger') };
  const parts = [targets.contact, targets.fof, targets.stranger].filter((x) => x !== null);
  const lows = parts.reduce((s, x) => s + x.bound[0], 0);
  const highs = parts.reduce((s, x) => s + x.bound[1], 0);
  if (lows > 1 + 1e-9 || highs < 1 - 1e-9) {
    const which = p.fake ? 'fof and stranger (a fake account knows no one, so contact is not searched)' : 'contact, fof and stranger';
    throw new InputError(`attack.targets: no target mix within these bounds sums to 1 (the ${which} bounds' lows sum to ${+lows.toFixed(6)}, highs to ${+highs.toFixed(6)}); widen them so lows ≤ 1 ≤ highs`);
  }
  return { attacker: name, params, targets };
}
