/**
 * recordTraffic: the invitation traffic of one simulated run, kept for replay: every
 * invitation attempt and every answer or withdrawal, in the order the policy saw them,
 * with the world a service needs to open a run (members, horizon, ladder, and the platform
 * snapshot at the start, which replay grows by each accepted invitation as a service would).
 */
import type { PolicySpec, SimConfig } from '../sim/config';
import { buildWorld } from '../sim/simulate';
import { createPolicy } from '../policies/registry';
import { inviteJson, responseJson, type RunWorld } from '../policies/http/protocol';
import { ACCEPT, type Channel, type Policy, type ResponseKind } from '../policies/policy';
import type { ConnectionGraph } from '../policies/platform/connection-graph';

const INVITE = 0;
const RESPONSE = 1;
/** Words per event: type, sender, recipient, channel-and-note or kind, minute. */
const STRIDE = 5;

/** The recorded events and their world as plain data, which structured clone copies whole (to a worker, say). */
export interface RecordedTraffic extends RunWorld {
  /** STRIDE words per event, nothing after the last. */
  words: Int32Array;
}

export interface Traffic extends RecordedTraffic {
  /** Events recorded (at most the `limit` asked for). */
  length: number;
  /** Event i as protocol JSON. */
  eventJson(i: number): string;
  /** Whether event i is an invitation (answered with a verdict) rather than a response (answered with null). */
  isInvite(i: number): boolean;
  /**
   * Feeds every event to an in-process policy, as the recorded run did (for decision-rate
   * benchmarks); `view`, the policy's view built from `platform`, gains each accepted invitation first.
   */
  replay(policy: Policy, view: ConnectionGraph): void;
}

/**
 * Runs `cfg` against `policy` (in process) and records up to `limit` events. A run against an
 * HTTP policy cannot be recorded without its service, so give a built-in spec.
 */
export function recordTraffic(cfg: SimConfig, policy: PolicySpec, limit: number): Traffic {
  const engine = buildWorld(cfg);
  const ctx = engine.policyContext();
  const platform = engine.platform.snapshot();
  const inner = createPolicy(policy, ctx, engine.truth());
  let words = new Int32Array(STRIDE * Math.min(limit, 1 << 16));
  let n = 0;
  const push = (type: number, a: number, b: number, c: number, t: number) => {
    if (n >= limit) return;
    if ((n + 1) * STRIDE > words.length) {
      const grown = new Int32Array(Math.min(limit * STRIDE, words.length * 2));
      grown.set(words);
      words = grown;
    }
    const k = n++ * STRIDE;
    words[k] = type;
    words[k + 1] = a;
    words[k + 2] = b;
    words[k + 3] = c;
    words[k + 4] = t;
  };
  const recorder: Policy = {
    onInvite(s: number, r: number, now: number, channel: Channel, note: boolean) {
      push(INVITE, s, r, channel | (note ? 4 : 0), now);
      return inner.onInvite(s, r, now, channel, note);
    },
    onResponse(s: number, r: number, kind: ResponseKind, now: number) {
      push(RESPONSE, s, r, kind, now);
      inner.onResponse(s, r, kind, now);
    },
    suspicious: (m, now) => inner.suspicious(m, now),
    ...(inner.review ? { review: (now: number) => inner.review!(now) } : {}),
    ...(inner.onBlocked ? { onBlocked: (s: number, r: number, now: number) => inner.onBlocked!(s, r, now) } : {}),
  };
  try {
    engine.run(recorder);
  } finally {
    inner.close?.();
  }
  return trafficOf({
    members: ctx.members,
    horizon: ctx.horizon,
    ladder: cfg.ladder,
    platform,
    truth: engine.truth(),
    words: words.slice(0, n * STRIDE),
  });
}

/** The traffic's plain data (no methods), to hand to a worker. */
export function recordedOf(t: Traffic): RecordedTraffic {
  return { members: t.members, horizon: t.horizon, ladder: t.ladder, platform: t.platform, truth: t.truth, words: t.words };
}

/** Recorded traffic, replayable again (in the process or worker that holds the data). */
export function trafficOf(data: RecordedTraffic): Traffic {
  const w = data.words;
  const n = w.length / STRIDE;
  return {
    ...data,
    length: n,
    replay(policy: Policy, view: ConnectionGraph): void {
      for (let k = 0; k < n * STRIDE; k += STRIDE) {
        if (w[k] === INVITE) policy.onInvite(w[k + 1], w[k + 2], w[k + 4], (w[k + 3] & 3) as Channel, (w[k + 3] & 4) !== 0);
        else {
          if (w[k + 3] === ACCEPT) view.connect(w[k + 1], w[k + 2]);
          policy.onResponse(w[k + 1], w[k + 2], w[k + 3] as ResponseKind, w[k + 4]);
        }
      }
    },
    isInvite(i: number): boolean {
      return w[i * STRIDE] === INVITE;
    },
    eventJson(i: number): string {
      const k = i * STRIDE;
      return w[k] === INVITE
        ? inviteJson(w[k + 1], w[k + 2], w[k + 4], (w[k + 3] & 3) as Channel, (w[k + 3] & 4) !== 0)
        : responseJson(w[k + 1], w[k + 2], w[k + 3] as ResponseKind, w[k + 4]);
    },
  };
}
