/**
 * Archetype defaults: how each kind of member sends invitations. Scenario files override
 * any field per archetype. Figures and their sources:
 * - ~100 invitations a week is the platform's reported cap (2021): low-and-slow stays under it.
 * - Socialbots send in bursts then churn (Boshmaf et al. 2011, "The Socialbot Network").
 * - Renren sybils had accept rates < 50% and few ties among their friends (Yang et al. 2011).
 * - Open networkers (LIONs) and recruiters invite strangers at volume: the grey class.
 */
import type { ArchetypeName, ArchetypeParams, TargetMix } from './config';

const mix = (contact: number, fof: number, stranger: number): TargetMix => ({ contact, fof, stranger });

const honest: Omit<ArchetypeParams, 'sendsPerDay' | 'targets'> = {
  label: 'honest',
  fake: false,
  rateSpread: 0.8,
  activeFrom: { from: 0, to: 0 },
  noteRate: 0.3,
  photoRate: 0.85,
  // Honest senders withdraw invitations to strangers they fear will be answered IDK, after days.
  withdrawRate: 0.2,
  withdrawAfterDays: 4,
  whenRestricted: 'emailOnly',
  slowFactor: 1,
  strangerEmailRate: 0.02,
  importSize: 0,
  ringSize: 0,
  ringShare: 0,
  selfRejection: 0,
  communityShare: 0,
  takeover: null,
  newcomer: false,
  // No aged accounts unless a scenario asks for them (real members have an age of their own).
  agedShare: 0,
  agedDays: { min: 365, max: 3650 },
  boughtConnections: 0,
  // Premium subscribers are roughly a tenth of members (assumed from LinkedIn's reported subscriber counts).
  inmailShare: 0.1,
  adaptive: null,
};

const fakeAccount: Omit<ArchetypeParams, 'sendsPerDay' | 'targets'> = {
  ...honest,
  label: 'abusive',
  fake: true,
  rateSpread: 0.3,
  noteRate: 0,
  photoRate: 0.2,
  withdrawRate: 0,
  whenRestricted: 'continue',
  strangerEmailRate: 0.05,
  newcomer: true,
  // An aged account is sold with connections (assumed: sellers list accounts by connection count;
  // 30 is above the mean a member has in the built-in worlds, so it passes a "well-connected" bar).
  boughtConnections: 30,
  // Spam accounts rarely pay for premium.
  inmailShare: 0.02,
};

export const DEFAULT_ARCHETYPES: Record<ArchetypeName, ArchetypeParams> = {
  regular: { ...honest, sendsPerDay: 0.15, targets: mix(0.8, 0.15, 0.05) },
  importer: {
    ...honest,
    sendsPerDay: 0.2,
    activeFrom: { from: 0, to: 30 },
    targets: mix(0.75, 0.1, 0.15),
    noteRate: 0.1,
    importSize: 80,
    newcomer: true,
    inmailShare: 0.02,
  },
  recruiter: { ...honest, sendsPerDay: 8, rateSpread: 0.5, targets: mix(0.1, 0.3, 0.6), noteRate: 0.7, photoRate: 1, withdrawRate: 0.5, inmailShare: 0.8 },
  openNetworker: { ...honest, sendsPerDay: 6, rateSpread: 0.6, targets: mix(0.1, 0.2, 0.7), noteRate: 0.1, withdrawRate: 0.3, inmailShare: 0.3 },
  bulkSpammer: { ...fakeAccount, sendsPerDay: 150, activeFrom: { from: 0, to: 20 }, targets: mix(0, 0.05, 0.95), whenRestricted: 'quit' },
  lowAndSlow: {
    ...fakeAccount,
    sendsPerDay: 12,
    targets: mix(0, 0.3, 0.7),
    noteRate: 0.8,
    photoRate: 0.9,
    withdrawRate: 0.6,
    withdrawAfterDays: 5,
    whenRestricted: 'wait',
  },
  fofTargeter: { ...fakeAccount, sendsPerDay: 25, targets: mix(0, 0.9, 0.1), noteRate: 0.4, photoRate: 0.8, whenRestricted: 'slow', slowFactor: 0.3 },
  sybil: { ...fakeAccount, sendsPerDay: 20, targets: mix(0, 0, 1), ringSize: 12, ringShare: 0.25, whenRestricted: 'continue' },
  takeover: {
    ...honest,
    label: 'abusive',
    sendsPerDay: 0.15,
    targets: mix(0.8, 0.15, 0.05),
    takeover: { from: 5, to: 25, sendsPerDay: 80, targets: mix(0.3, 0.2, 0.5), noteRate: 0 },
    whenRestricted: 'continue',
  },
  adaptive: {
    ...fakeAccount,
    sendsPerDay: 30,
    targets: mix(0, 0.4, 0.6),
    noteRate: 0.6,
    photoRate: 1,
    withdrawRate: 0.8,
    withdrawAfterDays: 3,
    whenRestricted: 'wait',
    // Starts under most caps and learns the rest: +10 a week each day, halve on a catch, stay at 90% of it; a tenth of the fleet scouts.
    // No accept-rate target by default (the mode that evades accept-rate rules is a scenario's choice).
    adaptive: { startWeekly: 30, step: 10, backoff: 0.5, memory: 0.9, scoutShare: 0.1, acceptTarget: 0 },
  },
};
