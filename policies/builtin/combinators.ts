/**
 * any-of / all-of: combine policies over one shared ladder.
 * any-of restricts the union: its children restrict the real ladder directly, so whichever
 * crosses its threshold first restricts. all-of restricts the intersection: each child gets a
 * ladder whose restrict() is a vote; the vote that completes a full set (every child has voted
 * since the member's last restriction, and within `voteWindowHours` if set) restricts. Votes
 * are spent by a restriction and not taken while the member is restricted, so a repeat
 * offence needs every child to flag the member again after the restriction lifts (and a
 * child need not re-check a restricted member at all: acceptance-ratio doesn't).
 * Lifting mirrors it: any-of finds a member suspicious if any child does, all-of if all do.
 * Children are built by the registry (passed in as createChild, so this module has no import
 * cycle with it); every child sees events in the order given.
 */
import { z } from 'zod';
import type { PolicySpec } from '../definition';
import type { ChildResolver, PolicyDefinition } from '../definition';
import type { RestrictionLadder } from '../ladder';
import { nonNegativeNumber } from '../params';
import {
  MINUTES_PER_HOUR,
  REQUIRE_EMAIL,
  type Channel,
  type Policy,
  type PolicyContext,
  type ResponseKind,
  type Verdict,
} from '../policy';

export type ChildFactory = (spec: PolicySpec, ctx: PolicyContext) => Policy;

function policiesParam(defaults: PolicySpec[] | Array<{ name: string }>, doc: string) {
  const m = { error: 'must be a non-empty array of policy specs like {"name": "weekly-cap", "params": {...}}' };
  return z.array(z.unknown(), m).min(1, m).default(defaults).describe(doc);
}

function resolveChildren(params: Record<string, unknown>, resolve: ChildResolver, path: string): Record<string, unknown> {
  const specs = params.policies as unknown[];
  return { ...params, policies: specs.map((s, i) => resolve(s, `${path}.params.policies[${i}]`)) };
}

/**
 * Shared plumbing: children get every event; optional methods exist only if some child has
 * them. The first two children are called on every event from call sites of their own, the
 * rest from a loop: a site that sees several classes is polymorphic, and V8 then inlines
 * less through it (all-of's default pair of two classes through one site cost ~15 ns a call).
 */
abstract class Combinator implements Policy {
  protected readonly children: Policy[];
  protected readonly first: Policy;
  /** The second child, null with one. */
  protected readonly second: Policy | null;
  /** Children after the second. */
  protected readonly rest: Policy[];
  review?: (now: number) => void;
  onBlocked?: (sender: number, recipient: number, now: number) => void;
  onInmail?: (sender: number, recipient: number, now: number) => void;
  score?: (member: number) => number;
  warm?: (member: number) => number;

  constructor(children: Policy[]) {
    this.children = children;
    this.first = children[0];
    this.second = children.length > 1 ? children[1] : null;
    this.rest = children.slice(2);
    const kids = children;
    if (kids.some((c) => c.review)) {
      this.review = (now) => {
        for (let i = 0; i < kids.length; i++) kids[i].review?.(now);
      };
    }
    if (kids.some((c) => c.onBlocked)) {
      this.onBlocked = (s, r, now) => {
        for (let i = 0; i < kids.length; i++) kids[i].onBlocked?.(s, r, now);
      };
    }
    if (kids.some((c) => c.onInmail)) {
      this.onInmail = (s, r, now) => {
        for (let i = 0; i < kids.length; i++) kids[i].onInmail?.(s, r, now);
      };
    }
    if (kids.some((c) => c.warm)) {
      this.warm = (m) => {
        let x = 0;
        for (let i = 0; i < kids.length; i++) x ^= kids[i].warm?.(m) ?? 0;
        return x;
      };
    }
    // A combined score needs every child's: a child without one would make it meaningless.
    if (kids.every((c) => c.score)) this.score = (m) => this.combineScores(m);
  }

  abstract onInvite(sender: number, recipient: number, now: number, channel: Channel, note: boolean): Verdict;
  abstract suspicious(member: number, now: number): boolean;
  protected abstract combineScores(member: number): number;

  onResponse(sender: number, recipient: number, kind: ResponseKind, now: number): void {
    this.first.onResponse(sender, recipient, kind, now);
    if (this.second !== null) this.second.onResponse(sender, recipient, kind, now);
    for (let i = 0; i < this.rest.length; i++) this.rest[i].onResponse(sender, recipient, kind, now);
  }
}

class AnyOf extends Combinator {
  onInvite(sender: number, recipient: number, now: number, channel: Channel, note: boolean): Verdict {
    let v = this.first.onInvite(sender, recipient, now, channel, note);
    if (this.second !== null) {
      const c = this.second.onInvite(sender, recipient, now, channel, note);
      if (c > v) v = c;
    }
    for (let i = 0; i < this.rest.length; i++) {
      const c = this.rest[i].onInvite(sender, recipient, now, channel, note);
      if (c > v) v = c;
    }
    return v;
  }

  suspicious(member: number, now: number): boolean {
    let any = false;
    // No short cut: a child's suspicious() may advance its windows.
    for (let i = 0; i < this.children.length; i++) if (this.children[i].suspicious(member, now)) any = true;
    return any;
  }

  /** Scores are threshold-relative (1 = at the threshold), so the union takes the largest. */
  protected combineScores(member: number): number {
    let s = -Infinity;
    for (let i = 0; i < this.children.length; i++) s = Math.max(s, this.children[i].score!(member));
    return s;
  }
}

/** all-of's votes, per member and child; the vote that completes a set restricts. */
class Ballot {
  /** votes[member * k + child]: minute of the child's standing vote, -1 for none. */
  private readonly votes: Int32Array;
  /** Member whose restriction the last completed set triggered (read by AllOf.onInvite). */
  completed = -1;

  constructor(
    private readonly parent: RestrictionLadder,
    members: number,
    private readonly k: number,
    private readonly window: number,
  ) {
    this.votes = new Int32Array(members * k).fill(-1);
  }

  /**
   * The child's vote stands and, with no vote window, a new one would only repeat it: a set
   * is spent the moment it completes, so while this vote stands another is missing.
   */
  stands(child: number, member: number): boolean {
    return this.window === 0 && this.votes[member * this.k + child] >= 0;
  }

  vote(child: number, member: number, now: number): boolean {
    if (this.parent.isRestricted(member)) return false;
    const base = member * this.k;
    this.votes[base + child] = now;
    for (let i = 0; i < this.k; i++) {
      const t = this.votes[base + i];
      if (t < 0 || (this.window > 0 && now - t > this.window)) return false;
    }
    this.votes.fill(-1, base, base + this.k);
    this.completed = member;
    return this.parent.restrict(member, now);
  }
}

class AllOf extends Combinator {
  constructor(
    children: Policy[],
    private readonly ballot: Ballot,
  ) {
    super(children);
  }

  onInvite(sender: number, recipient: number, now: number, channel: Channel, note: boolean): Verdict {
    this.ballot.completed = -1;
    let v = this.first.onInvite(sender, recipient, now, channel, note);
    if (this.second !== null) {
      const c = this.second.onInvite(sender, recipient, now, channel, note);
      if (c < v) v = c;
    }
    for (let i = 0; i < this.rest.length; i++) {
      const c = this.rest[i].onInvite(sender, recipient, now, channel, note);
      if (c < v) v = c;
    }
    // A child voting alone asked for the email; only a completed set makes it so.
    return this.ballot.completed === sender && v < REQUIRE_EMAIL ? REQUIRE_EMAIL : v;
  }

  suspicious(member: number, now: number): boolean {
    let all = true;
    for (let i = 0; i < this.children.length; i++) if (!this.children[i].suspicious(member, now)) all = false;
    return all;
  }

  /** The intersection is as suspicious as its least suspicious child. */
  protected combineScores(member: number): number {
    let s = Infinity;
    for (let i = 0; i < this.children.length; i++) s = Math.min(s, this.children[i].score!(member));
    return s;
  }
}

/** An all-of child's view of the ladder: the real state, but restrict() is a vote. */
class VoteLadder implements RestrictionLadder {
  readonly state: Uint8Array;
  readonly strikes: Uint8Array;
  readonly since: Int32Array;
  readonly firstAt: Int32Array;

  constructor(
    private readonly parent: RestrictionLadder,
    private readonly ballot: Ballot,
    private readonly child: number,
  ) {
    this.state = parent.state;
    this.strikes = parent.strikes;
    this.since = parent.since;
    this.firstAt = parent.firstAt;
  }

  isRestricted(member: number): boolean {
    return this.parent.isRestricted(member);
  }

  flagged(member: number): boolean {
    return this.parent.isRestricted(member) || this.ballot.stands(this.child, member);
  }

  restrict(member: number, now: number): boolean {
    return this.ballot.vote(this.child, member, now);
  }
}

export function anyOf(createChild: ChildFactory): PolicyDefinition {
  const params = z
    .object({
      policies: policiesParam(
        [{ name: 'weekly-cap' }, { name: 'idk-threshold' }],
        'Policies to combine; any one restricting restricts (default: the help page\'s "too many" and "people you don\'t know").',
      ),
    })
    .strict();
  return {
    name: 'any-of',
    description: 'Restricts whom any of `policies` would restrict (the union), all on one ladder.',
    rule: {
      restricts: 'Whenever any child policy restricts the member (all children hear every event and share one ladder); the verdict is the strictest child\'s.',
      suspicious: 'Any child answers true (every child is asked).',
      score: 'The highest child score.',
    },
    params,
    resolveNested: resolveChildren,
    create: (ctx, raw) => new AnyOf((raw.policies as PolicySpec[]).map((spec) => createChild(spec, ctx))),
  };
}

export function allOf(createChild: ChildFactory): PolicyDefinition {
  const params = z
    .object({
      policies: policiesParam(
        [{ name: 'burst-cap' }, { name: 'acceptance-ratio' }],
        'Policies to combine; a member is restricted once every one has flagged it while free (default: fast and unwelcome).',
      ),
      voteWindowHours: nonNegativeNumber(0, "A child's flag counts for this many hours (0: until the member's next restriction)."),
    })
    .strict();
  return {
    name: 'all-of',
    description: 'Restricts whom every one of `policies` has flagged (the intersection), all on one ladder.',
    rule: {
      restricts: 'When every child has flagged the member since its last restriction (within `voteWindowHours` if set): each child\'s restriction is a vote, and the vote that completes the set restricts. An invitation gets the most lenient child verdict, or require-email if it completed the set.',
      suspicious: 'Every child answers true (every child is asked).',
      score: 'The lowest child score.',
    },
    params,
    resolveNested: resolveChildren,
    create: (ctx, raw) => {
      const specs = raw.policies as PolicySpec[];
      const window = Math.round((raw.voteWindowHours as number) * MINUTES_PER_HOUR);
      const ballot = new Ballot(ctx.ladder, ctx.members, specs.length, window);
      const children = specs.map((spec, i) => createChild(spec, { ...ctx, ladder: new VoteLadder(ctx.ladder, ballot, i) }));
      return new AllOf(children, ballot);
    },
  };
}
