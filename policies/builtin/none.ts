/** none: never restricts. The baseline every other policy is compared against. */
import { z } from 'zod';
import type { PolicyDefinition } from '../definition';
import { ALLOW, type Policy } from '../policy';

/** Stateless, so one frozen instance serves every run. */
const NONE: Policy = Object.freeze({
  onInvite: () => ALLOW,
  onResponse: () => {},
  suspicious: () => false,
});

export const none: PolicyDefinition = {
  name: 'none',
  description: 'Never restricts anyone: the baseline (no score, so no PR curve).',
  rule: {
    restricts: 'Never; every invitation is allowed.',
    suspicious: 'Never asked (nobody is restricted).',
    score: 'None (no score).',
  },
  params: z.object({}).strict(),
  create: () => NONE,
};
