/**
 * The example plugin, in JS and in TS, makes the same decisions as the same logic built in
 * (idk-threshold with a window longer than the run) on the same replayed streams.
 */
import fc from 'fast-check';
import { join } from 'node:path';
import type { PolicySpec } from '../../sim/config';
import { createPolicy, resolvePolicySpec } from '../../policies/registry';
import { streamArb, type Stream } from './replay';
import { viewOf, world } from './helpers';

const examples = join(__dirname, '../../policies/examples');

/** Verdicts, restriction minutes, scores and final suspicion from replaying the stream. */
function decisions(spec: PolicySpec, stream: Stream) {
  const { ctx, ladder } = world(stream.members, { view: viewOf(stream.members, stream.connections) });
  const p = createPolicy(spec, ctx);
  const verdicts: number[] = [];
  let end = 0;
  for (const e of stream.events) {
    if (e.kind === 'invite') verdicts.push(p.onInvite(e.sender, e.recipient, e.t, e.channel, e.note));
    else p.onResponse(e.sender, e.recipient, e.answer, e.t);
    end = e.t;
  }
  const members = Array.from({ length: stream.members }, (_, m) => m);
  return {
    verdicts,
    firstAt: Array.from(ladder.firstAt),
    score: members.map((m) => p.score!(m)),
    suspicious: members.map((m) => p.suspicious(m, end)),
  };
}

describe('plugins: the example in JS and TS decides like the built-in', () => {
  it.each(['idk-strikes.js', 'idk-strikes.ts'])('%s', (file) => {
    let restricted = 0;
    fc.assert(
      fc.property(streamArb, fc.integer({ min: 1, max: 4 }), (stream, idks) => {
        const plugin = resolvePolicySpec({ module: `./${file}`, params: { idks } }, examples);
        const builtin = resolvePolicySpec({ name: 'idk-threshold', params: { idks, windowDays: 3650 } }, '/');
        const got = decisions(plugin, stream);
        expect(got).toEqual(decisions(builtin, stream));
        if (got.firstAt.some((t) => t >= 0)) restricted++;
      }),
    );
    expect(restricted).toBeGreaterThan(10);
  });
});
