/** weekly-cap: LinkedIn's reported ceiling of ~100 invitations a week (2021). */
import { z } from 'zod';
import type { PolicyDefinition } from '../definition';
import { positiveInt } from '../params';
import { MINUTES_PER_DAY } from '../policy';
import { WINDOW_BUCKETS, WindowCap } from './window-cap';

const params = z
  .object({ cap: positiveInt(100, 'Invitation attempts allowed per rolling 7 days; the next one restricts.') })
  .strict();

export const weeklyCap: PolicyDefinition = {
  name: 'weekly-cap',
  description: `At most \`cap\` invitations per rolling 7 days (resolution 7/${WINDOW_BUCKETS} day); the attempt past the cap restricts.`,
  rule: {
    restricts: 'Every invitation attempt of the sender counts, restricted or not, in buckets of ⌈window/24⌉ minutes (420 minutes for 7 days); the count at minute t is the sum of bucket ⌊t/size⌋ and the 23 before it. An attempt whose count, itself included, exceeds `cap` restricts the sender and is answered require-email; others are allowed.',
    suspicious: 'The count at that minute (same buckets, no attempt added) is at least `cap`.',
    score: 'The highest count the member ever reached ÷ `cap` (above 1 exactly for members it restricted).',
  },
  params,
  create: (ctx, p) => new WindowCap(ctx, (p as z.infer<typeof params>).cap, 7 * MINUTES_PER_DAY),
};
