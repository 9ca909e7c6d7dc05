/**
 * The engine's platform view, checked from outside: a recording policy rebuilds the
 * connection graph independently (ConnectionGraph from the run's start snapshot plus every
 * accept it hears of) and tracks pending and paused pairs from the events alone. Over any
 * scenario: no invitation goes to a member the sender is connected to, has pending, or
 * withdrew from or was declined by within the pause; no pair is connected twice; accepted =
 * connections made; and the engine's view equals the rebuilt one at the end.
 */
import fc from 'fast-check';
import { buildWorld } from '../../sim/simulate';
import { summarize } from '../../sim/metrics';
import { ACCEPT, MINUTES_PER_DAY, type Policy, type PolicyContext } from '../../policies/policy';
import { ConnectionGraph } from '../../policies/platform/connection-graph';
import { allowAll, chaosPolicy, sharesArb, smallConfig } from '../helpers/sim-config';
import { DEFAULT_NETWORK } from '../../scenarios/defaults';
import { edgeIndex } from '../../sim/graph';
import { stateBytes } from '../../bench/engine';
import { DEFAULT_ARCHETYPES } from '../../sim/archetypes';

interface Violations {
  connected: number;
  pending: number;
  paused: number;
  doubleConnect: number;
  invites: number;
}

/** Wraps a policy; checks each invitation against the rules, from the events it sees. */
function watcher(ctx: PolicyContext, inner: Policy, rebuilt: ConnectionGraph, pauseDays: number, v: Violations): Policy {
  const key = (s: number, r: number) => s * ctx.members + r;
  const pending = new Set<number>();
  const until = new Map<number, number>();
  return {
    onInvite(s, r, now, channel, note) {
      v.invites++;
      if (rebuilt.connected(s, r)) v.connected++;
      if (pending.has(key(s, r))) v.pending++;
      if ((until.get(key(s, r)) ?? -1) > now) v.paused++;
      const verdict = inner.onInvite(s, r, now, channel, note);
      // Blocked attempts are reported through onBlocked; anything else is delivered and pending.
      pending.add(key(s, r));
      return verdict;
    },
    onBlocked(s, r) {
      pending.delete(key(s, r));
    },
    onResponse(s, r, kind, now) {
      pending.delete(key(s, r));
      if (kind === ACCEPT) {
        if (!rebuilt.connect(s, r)) v.doubleConnect++;
      } else until.set(key(s, r), now + pauseDays * MINUTES_PER_DAY);
      // The engine's view already has the connection when the policy hears of the accept.
      if (kind === ACCEPT && !ctx.view.connected(s, r)) v.doubleConnect++;
      inner.onResponse(s, r, kind, now);
    },
    suspicious: (m, now) => inner.suspicious(m, now),
  };
}

describe('platform view and invitation rules', () => {
  it('never invites a connection, a pending or a paused pair; connects each pair once; accepted = connections made; views agree, mutual connections included (property)', () => {
    let connections = 0;
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), sharesArb, fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 0.3, noNaN: true }), fc.constantFrom(0, 0.7), (seed, shares, salt, rate, acceptTarget) => {
        // One pause for withdrawals and declines, so the watcher need not know which it was.
        // Probing accounts with an accept-rate target invite fleet mates too: the same rules hold for them.
        const adaptive = { ...DEFAULT_ARCHETYPES.adaptive, adaptive: { ...DEFAULT_ARCHETYPES.adaptive.adaptive!, acceptTarget } };
        const archetypes = { ...DEFAULT_ARCHETYPES, adaptive };
        const cfg = smallConfig({ seed, members: 500, days: 20, shares, archetypes, invitations: { reinviteAfterWithdrawDays: 9, reinviteAfterIgnoreDays: 9 } });
        const engine = buildWorld(cfg);
        const ctx = engine.policyContext();
        const rebuilt = new ConnectionGraph(ctx.view.snapshot());
        const v: Violations = { connected: 0, pending: 0, paused: 0, doubleConnect: 0, invites: 0 };
        const policy = watcher(ctx, chaosPolicy(ctx, salt, rate), rebuilt, 9, v);
        engine.run(policy);
        const r = summarize(engine, policy);
        expect(v).toEqual({ connected: 0, pending: 0, paused: 0, doubleConnect: 0, invites: r.metrics.invitationsAttempted });
        expect(r.metrics.connectionsMade).toBe(r.metrics.accepted);
        const out = new Int32Array(2000);
        for (let m = 0; m < cfg.members; m++) {
          expect(ctx.view.connectionCount(m)).toBe(rebuilt.connectionCount(m));
          const a = Array.from(out.subarray(0, ctx.view.connectionsOf(m, out))).sort((x, y) => x - y);
          const b = Array.from(out.subarray(0, rebuilt.connectionsOf(m, out))).sort((x, y) => x - y);
          expect(a).toEqual(b);
          connections += a.length;
          // Pair queries, on connections, their connections (mutuals), and pairs across the whole id range (fake accounts included).
          const others = [...a.slice(0, 3), (m * 7 + 3) % cfg.members, cfg.members - 1 - (m % 40)];
          for (const x of others) {
            expect([m, x, ctx.view.connected(m, x), ctx.view.mutualConnections(m, x, 10)]).toEqual([m, x, rebuilt.connected(m, x), rebuilt.mutualConnections(m, x, 10)]);
            expect(ctx.view.mutualConnections(x, m, 3)).toBe(rebuilt.mutualConnections(x, m, 3));
          }
        }
      }),
      { numRuns: 10 },
    );
    expect(connections).toBeGreaterThan(1000);
  });

  it('accounts for every intended send: sendsIntended = invitationsAttempted + suppressed + inmailsSent, overall and per archetype (property)', () => {
    let suppressed = 0;
    let inmails = 0;
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), sharesArb, fc.integer({ min: 0, max: 1000 }), (seed, shares, salt) => {
        const r = (() => {
          const engine = buildWorld(smallConfig({ seed, members: 500, days: 14, shares }));
          const policy = chaosPolicy(engine.policyContext(), salt, 0.2);
          engine.run(policy);
          return summarize(engine, policy);
        })();
        for (const m of [r.metrics, ...Object.values(r.byArchetype)]) {
          expect(m!.sendsIntended).toBe(m!.invitationsAttempted + m!.suppressed + m!.inmailsSent);
          expect(m!.honestSuppressed).toBeLessThanOrEqual(m!.suppressed);
          expect(m!.honestInmailsSent + m!.abusiveInmailsSent).toBe(m!.inmailsSent);
        }
        suppressed += r.metrics.suppressed;
        inmails += r.metrics.inmailsSent;
      }),
      { numRuns: 10 },
    );
    expect(suppressed).toBeGreaterThan(0);
    expect(inmails).toBeGreaterThan(0);
  });

  it('holds every member to the connection cap: at the start, in every invitation attempted and in every accept (property)', () => {
    let capped = 0;
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), sharesArb, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 1000 }), (seed, shares, cap, salt) => {
        const cfg = smallConfig({ seed, members: 400, days: 14, shares, network: { ...DEFAULT_NETWORK, connectionCap: cap } });
        const engine = buildWorld(cfg);
        const ctx = engine.policyContext();
        // Counted from the start snapshot and the accepts the policy hears of, not from the engine's counts.
        const rebuilt = new ConnectionGraph(ctx.view.snapshot());
        const over: string[] = [];
        let accepted = 0;
        for (let m = 0; m < cfg.members; m++) if (rebuilt.connectionCount(m) > cap) over.push(`start: ${m} has ${rebuilt.connectionCount(m)}`);
        const inner = chaosPolicy(ctx, salt, 0.1);
        engine.run({
          onInvite(s, r, now, channel, note) {
            if (rebuilt.connectionCount(s) >= cap || rebuilt.connectionCount(r) >= cap) over.push(`invite ${s}->${r} at ${now}`);
            return inner.onInvite(s, r, now, channel, note);
          },
          onBlocked: (s, r, now) => inner.onBlocked?.(s, r, now),
          onResponse(s, r, kind, now) {
            if (kind === ACCEPT) {
              accepted++;
              rebuilt.connect(s, r);
              if (rebuilt.connectionCount(s) > cap || rebuilt.connectionCount(r) > cap) over.push(`accept ${s}->${r} at ${now}`);
            }
            inner.onResponse(s, r, kind, now);
          },
          suspicious: (m, now) => inner.suspicious(m, now),
        });
        expect(over.slice(0, 3)).toEqual([]);
        for (let m = 0; m < cfg.members; m++) if (rebuilt.connectionCount(m) === cap) capped++;
        // An accept past the cap is refused (heard as an Ignore), so every accept counted is a connection made.
        expect(summarize(engine, inner).metrics.accepted).toBe(accepted);
      }),
      { numRuns: 12 },
    );
    expect(capped).toBeGreaterThan(100);
  });

  it('starts established members with connections that grow with account age; newcomers and fake accounts with none', () => {
    const cfg = smallConfig({ members: 4000, days: 1 });
    const engine = buildWorld(cfg);
    const view = engine.policyContext().view;
    const byAge = [0, 0, 0, 0];
    const members = [0, 0, 0, 0];
    for (let m = 0; m < cfg.members; m++) {
      const joined = view.joinedAt(m);
      if (joined >= 0) {
        expect(view.connectionCount(m)).toBe(0);
        continue;
      }
      const bucket = Math.min(3, Math.floor(-joined / (365 * MINUTES_PER_DAY)));
      byAge[bucket] += view.connectionCount(m);
      members[bucket]++;
    }
    const mean = byAge.map((c, i) => c / members[i]);
    expect(mean[0]).toBeGreaterThan(0);
    expect(mean[1]).toBeGreaterThan(mean[0]);
    expect(mean[3]).toBeGreaterThan(mean[1]);
  });

  it('counts connection state: the pair table holds one entry per connection between people who do not know each other, and its share of the table is at least 8 bytes each and at most the table (property)', () => {
    let nonContact = 0;
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), sharesArb, fc.integer({ min: 0, max: 1000 }), (seed, shares, salt) => {
        const engine = buildWorld(smallConfig({ seed, members: 500, days: 14, shares }));
        const start = engine.connectionStateBytes();
        // Before the run only acquaintances are connected: edge bits, nothing in the pair table.
        expect(engine.nonContactConnections()).toBe(0);
        expect(start).toBe(engine.platform.connectionBytes());
        engine.run(chaosPolicy(engine.policyContext(), salt, 0.2));
        // Counted independently: every connection the view lists, once a pair, whose ends have no knows-edge.
        const out = new Int32Array(2000);
        let apart = 0;
        for (let m = 0; m < engine.pop.n; m++) {
          const k = engine.platform.connectionsOf(m, out);
          for (const x of out.subarray(0, k)) if (m < x && edgeIndex(engine.graph, m, x) < 0 && edgeIndex(engine.graph, x, m) < 0) apart++;
        }
        expect(engine.nonContactConnections()).toBe(apart);
        const share = engine.connectionStateBytes() - engine.platform.connectionBytes();
        // At least the 8-byte entry each; never more than the whole table.
        expect(share).toBeGreaterThanOrEqual(8 * apart);
        expect(share).toBeLessThanOrEqual(stateBytes(engine, allowAll()) - engine.platform.bytes());
        nonContact += apart;
      }),
      { numRuns: 8 },
    );
    expect(nonContact).toBeGreaterThan(100);
  });

  it('gives a policy no way to the who-knows-whom graph or the engine\'s state: its context holds members, horizon, ladder and view, and the view the PlatformView and nothing more', () => {
    const engine = buildWorld(smallConfig({ members: 50, days: 1 }));
    const ctx = engine.policyContext() as unknown as Record<string, unknown>;
    expect(Object.keys(ctx).sort()).toEqual(['horizon', 'ladder', 'members', 'view']);
    const view = ctx.view as object;
    // Everything reachable by name up the prototype chain, symbols included (Object's own excepted).
    const reachable = new Set<string | symbol>();
    for (let o = view; o !== Object.prototype; o = Object.getPrototypeOf(o)) for (const k of Reflect.ownKeys(o)) if (k !== 'constructor') reachable.add(k);
    expect([...reachable].map(String).sort()).toEqual(
      ['connected', 'connectionCount', 'connectionsOf', 'hasPhoto', 'inAddressBook', 'joinedAt', 'members', 'mutualConnections', 'snapshot', 'uploadedAddressBook'],
    );
    // The engine's own platform has more (edge bits, counts it writes, connect): none of it through the view.
    expect(view).not.toBe(engine.platform);
    expect((view as Record<string, unknown>).count).toBeUndefined();
  });
});
