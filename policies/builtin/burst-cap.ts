/** burst-cap: a short-window velocity limit ("too many in a short period of time"), like a CAPTCHA past 100 in 24 h. */
import { z } from 'zod';
import type { PolicyDefinition } from '../definition';
import { positiveInt, positiveNumber } from '../params';
import { MINUTES_PER_HOUR } from '../policy';
import { WINDOW_BUCKETS, WindowCap } from './window-cap';

const params = z
  .object({
    cap: positiveInt(100, 'Invitation attempts allowed per rolling window; the next one restricts.'),
    windowHours: positiveNumber(24, 'Length of the rolling window in hours.'),
  })
  .strict();

export const burstCap: PolicyDefinition = {
  name: 'burst-cap',
  description: `At most \`cap\` invitations per rolling \`windowHours\` (resolution 1/${WINDOW_BUCKETS} of the window); the attempt past the cap restricts.`,
  rule: {
    restricts: 'Every invitation attempt of the sender counts, restricted or not, in buckets of ⌈window/24⌉ minutes (`windowHours` × 60 minutes rounded, at least 1); the count at minute t is the sum of bucket ⌊t/size⌋ and the 23 before it. An attempt whose count, itself included, exceeds `cap` restricts the sender and is answered require-email; others are allowed.',
    suspicious: 'The count at that minute (same buckets, no attempt added) is at least `cap`.',
    score: 'The highest count the member ever reached ÷ `cap` (above 1 exactly for members it restricted).',
  },
  params,
  create: (ctx, raw) => {
    const p = raw as z.infer<typeof params>;
    return new WindowCap(ctx, p.cap, Math.max(1, Math.round(p.windowHours * MINUTES_PER_HOUR)));
  },
};
