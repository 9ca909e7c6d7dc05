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
  params,
  create: (ctx, raw) => {
    const p = raw as z.infer<typeof params>;
    return new WindowCap(ctx, p.cap, Math.max(1, Math.round(p.windowHours * MINUTES_PER_HOUR)));
  },
};
