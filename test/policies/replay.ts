/**
 * Open-loop replay for property tests: a random event stream (invitations, then answers to
 * pending ones, in time order) generated once and fed to fresh policies; verdicts change
 * nothing, so every policy sees exactly the same events.
 */
import fc from 'fast-check';
import type { PolicySpec } from '../../sim/config';
import { createPolicy } from '../../policies/registry';
import { ACCEPT, MINUTES_PER_DAY, type Channel, type ResponseKind } from '../../policies/policy';
import { viewOf, world } from './helpers';

export type Event =
  | { kind: 'invite'; sender: number; recipient: number; t: number; channel: Channel; note: boolean }
  | { kind: 'response'; sender: number; recipient: number; t: number; answer: ResponseKind };

export interface Stream {
  members: number;
  /** Connections at the start, undirected. */
  connections: Array<[number, number]>;
  events: Event[];
}

const MEMBERS = 6;

type Op = [isInvite: boolean, a: number, b: number, answer: number, dt: number, channel: number, note: boolean];

/** Streams over 6 members: mostly invitations, answers to random pending ones, minutes to days apart. */
export const streamArb: fc.Arbitrary<Stream> = fc
  .tuple(
    fc.array(fc.tuple(fc.integer({ min: 0, max: MEMBERS - 1 }), fc.integer({ min: 0, max: MEMBERS - 1 })), { maxLength: 12, size: 'max' }),
    fc.array(
      fc.tuple(
        fc.boolean(),
        fc.nat(MEMBERS - 1),
        fc.nat(1000),
        fc.nat(3),
        fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 3 * MINUTES_PER_DAY })),
        fc.nat(2),
        fc.boolean(),
      ) as fc.Arbitrary<Op>,
      { minLength: 10, maxLength: 150, size: 'max' },
    ),
  )
  .map(([edges, ops]) => {
    const events: Event[] = [];
    const pending: Array<[number, number]> = [];
    let t = 0;
    for (const [isInvite, a, b, answer, dt, channel, note] of ops) {
      t += dt;
      if (isInvite || pending.length === 0) {
        const recipient = (a + 1 + (b % (MEMBERS - 1))) % MEMBERS;
        events.push({ kind: 'invite', sender: a, recipient, t, channel: channel as Channel, note });
        pending.push([a, recipient]);
      } else {
        const [sender, recipient] = pending.splice(b % pending.length, 1)[0];
        events.push({ kind: 'response', sender, recipient, t, answer: answer as ResponseKind });
      }
    }
    return { members: MEMBERS, connections: edges, events };
  });

/**
 * Replays the stream on a fresh ladder, view and policy; returns who was ever restricted.
 * With `growing` an accept connects its pair first, as on the platform; without, the
 * connection graph stays as it started.
 */
export function restrictedBy(spec: PolicySpec, stream: Stream, growing = true): boolean[] {
  const view = viewOf(stream.members, stream.connections);
  const { ctx, ladder } = world(stream.members, { view });
  const p = createPolicy(spec, ctx);
  let nextReview = MINUTES_PER_DAY;
  for (const e of stream.events) {
    while (p.review && nextReview <= e.t) p.review((nextReview += MINUTES_PER_DAY) - MINUTES_PER_DAY);
    if (e.kind === 'invite') p.onInvite(e.sender, e.recipient, e.t, e.channel, e.note);
    else {
      if (growing && e.answer === ACCEPT) view.connect(e.sender, e.recipient);
      p.onResponse(e.sender, e.recipient, e.answer, e.t);
    }
  }
  return Array.from(ladder.firstAt, (t) => t >= 0);
}

/** Thresholds small enough to be crossed by these streams, for every threshold policy. */
export const leafSpecArb: fc.Arbitrary<PolicySpec> = fc.oneof(
  fc.record({ name: fc.constant('weekly-cap'), params: fc.record({ cap: fc.integer({ min: 1, max: 8 }) }) }),
  fc.record({
    name: fc.constant('burst-cap'),
    params: fc.record({ cap: fc.integer({ min: 1, max: 5 }), windowHours: fc.integer({ min: 1, max: 48 }) }),
  }),
  fc.record({
    name: fc.constant('idk-threshold'),
    params: fc.record({ idks: fc.integer({ min: 1, max: 4 }), windowDays: fc.integer({ min: 1, max: 10 }) }),
  }),
  fc.record({
    name: fc.constant('acceptance-ratio'),
    params: fc.record({
      minAnswered: fc.integer({ min: 1, max: 5 }),
      maxAcceptRate: fc.double({ min: 0, max: 1, noNaN: true }),
      maxClustering: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
      clusteringSample: fc.integer({ min: 2, max: 6 }),
    }),
  }),
  fc.record({
    name: fc.constant('pending-cap'),
    params: fc.record({ cap: fc.integer({ min: 1, max: 6 }), withdrawPenalty: fc.double({ min: 0, max: 2, noNaN: true }) }),
  }),
  fc.record({
    name: fc.constant('score'),
    params: fc.record({ threshold: fc.double({ min: 1, max: 40, noNaN: true }), halfLifeHours: fc.integer({ min: 1, max: 200 }) }),
  }),
);
