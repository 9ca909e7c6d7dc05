/**
 * Agents: how members behave: whom a sender invites (contact, friend of friend, stranger,
 * sybil ring mate) and how a recipient answers (accept / ignore / IDK / never, after a
 * delay). Per-archetype figures are unpacked into typed tables so the hot path reads
 * numbers, and results are returned through fields, so no call allocates.
 */
import { ARCHETYPES, RESTRICTED_BEHAVIOURS, type ArchetypeParams, type SimConfig, type TargetMix } from './config';
import { degree, edgeIndex, mutualContacts, type KnowsGraph } from './graph';
import type { Population } from './population';
import type { EnginePlatform } from './platform';
import type { Probing } from './probing';
import type { Rng } from './rng';
import { ACCEPT, IDK, IGNORE, MINUTES_PER_DAY, MINUTES_PER_HOUR } from '../policies/policy';

export const CONTACT = 0;
export const FOF = 1;
export const STRANGER = 2;
/** Someone in the sender's address book who barely knows it (an import's entry). */
export const ACQUAINTANCE = 3;
/** planResponse's answer when the recipient never answers. */
export const NO_ANSWER = 3;

export const WHEN_EMAIL_ONLY = RESTRICTED_BEHAVIOURS.indexOf('emailOnly');
export const WHEN_CONTINUE = RESTRICTED_BEHAVIOURS.indexOf('continue');
export const WHEN_WAIT = RESTRICTED_BEHAVIOURS.indexOf('wait');
export const WHEN_SLOW = RESTRICTED_BEHAVIOURS.indexOf('slow');
export const WHEN_QUIT = RESTRICTED_BEHAVIOURS.indexOf('quit');

const STYLE_ACCEPTS_ALL = 1;
const STYLE_SELECTIVE = 2;
const STYLE_QUICK_IDK = 3;
const STYLE_DORMANT = 4;

/** A prime above any address book (maxDegree x (1 + acquaintances per contact) is far below it), so stepping by it visits every entry once. */
const BOOK_STEP = 1_000_003;

/** A member's entry in the sequence: a multiplicative hash, so a book's order and its acquaintances need no storage. */
function bookHash(m: number, j: number): number {
  const h = Math.imul(m ^ Math.imul(j + 0x632be5ab, 0x9e3779b1), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/** A sending mode: an archetype's honest figures, or a taken-over account's. */
class Mode {
  readonly contact = new Float64Array(ARCHETYPES.length);
  readonly fofOrContact = new Float64Array(ARCHETYPES.length);
  readonly note = new Float64Array(ARCHETYPES.length);
  /** Mean minutes between sends, for a member at the archetype's mean rate. */
  readonly rateFactor = new Float64Array(ARCHETYPES.length);

  set(a: number, targets: TargetMix, note: number, rateFactor: number): void {
    this.contact[a] = targets.contact;
    this.fofOrContact[a] = targets.contact + targets.fof;
    this.note[a] = note;
    this.rateFactor[a] = rateFactor;
  }
}

export class Agents {
  readonly honestMode = new Mode();
  readonly takeoverMode = new Mode();
  readonly withdrawRate = new Float64Array(ARCHETYPES.length);
  readonly withdrawAfter = new Int32Array(ARCHETYPES.length);
  readonly whenRestricted = new Uint8Array(ARCHETYPES.length);
  readonly slowFactor = new Float64Array(ARCHETYPES.length);
  readonly strangerEmailRate = new Float64Array(ARCHETYPES.length);
  readonly ringShare = new Float64Array(ARCHETYPES.length);
  readonly importSize = new Float64Array(ARCHETYPES.length);
  private readonly ringSize: number;
  private readonly selfRejection: number;
  private readonly communityShare: number;
  /** Each ring's target community as an id range [lo, hi) (computed when first needed; lo -1: not yet). */
  private readonly ringLo: Int32Array;
  private readonly ringHi: Int32Array;
  private readonly sybil = ARCHETYPES.indexOf('sybil');
  /** Per archetype: 1 when it keeps an accept-rate target (sim/probing.ts), so its fleet mates accept one another. */
  private readonly keepsRate = new Uint8Array(ARCHETYPES.length);
  /** Each fake archetype's block of ids [fleetLo, fleetLo + count); -1 for real archetypes. */
  private readonly fleetLo = new Int32Array(ARCHETYPES.length).fill(-1);
  /** Accept probability, and IDK share of declines (strangers and acquaintances), by relation. */
  private readonly accept: Float64Array;
  private readonly declineIdk: Float64Array;
  private readonly acquaintancesPerContact: number;
  private readonly r: SimConfig['response'];
  private readonly meanDelay: number;
  private readonly declineDelay: number;

  /** pickTarget's answer; `edge` indexes the sender's knows-edge to the target (-1: they do not know each other). */
  target = 0;
  relation = 0;
  edge = -1;
  /** planResponse's delay in minutes. */
  delay = 0;

  constructor(
    cfg: SimConfig,
    private readonly graph: KnowsGraph,
    private readonly pop: Population,
    private readonly rng: Rng,
    private readonly platform: EnginePlatform,
    private readonly probing: Probing,
  ) {
    ARCHETYPES.forEach((name, a) => {
      const p: ArchetypeParams = cfg.archetypes[name];
      this.honestMode.set(a, p.targets, p.noteRate, 1);
      const t = p.takeover;
      this.takeoverMode.set(a, t ? t.targets : p.targets, t ? t.noteRate : p.noteRate, t && p.sendsPerDay > 0 ? t.sendsPerDay / p.sendsPerDay : 1);
      this.withdrawRate[a] = p.withdrawRate;
      this.withdrawAfter[a] = Math.max(1, Math.round(p.withdrawAfterDays * MINUTES_PER_DAY));
      this.whenRestricted[a] = RESTRICTED_BEHAVIOURS.indexOf(p.whenRestricted);
      this.slowFactor[a] = p.slowFactor;
      this.strangerEmailRate[a] = p.strangerEmailRate;
      this.ringShare[a] = p.ringSize > 1 ? p.ringShare : 0;
      this.importSize[a] = p.importSize;
      this.keepsRate[a] = p.adaptive !== null && p.adaptive.acceptTarget > 0 ? 1 : 0;
    });
    for (let m = pop.n - 1; m >= pop.real; m--) this.fleetLo[pop.members.archetype(m)] = m;
    this.ringSize = Math.max(1, cfg.archetypes.sybil.ringSize);
    this.selfRejection = cfg.archetypes.sybil.selfRejection;
    this.communityShare = cfg.archetypes.sybil.communityShare;
    const rings = Math.ceil(pop.counts[this.sybil] / this.ringSize);
    this.ringLo = new Int32Array(this.communityShare > 0 ? rings : 0).fill(-1);
    this.ringHi = new Int32Array(this.ringLo.length);
    this.accept = Float64Array.of(cfg.response.accept.contact, cfg.response.accept.fof, cfg.response.accept.stranger, cfg.response.acquaintanceAccept);
    this.declineIdk = Float64Array.of(0, cfg.response.strangerIdk, cfg.response.strangerIdk, cfg.response.acquaintanceIdk);
    this.acquaintancesPerContact = cfg.network.addressBookAcquaintances;
    this.r = cfg.response;
    this.meanDelay = cfg.response.meanDelayHours * MINUTES_PER_HOUR;
    this.declineDelay = cfg.response.declineDelayHours * MINUTES_PER_HOUR;
  }

  /** Chooses whom `m` invites next; sets target, relation and edge. */
  pickTarget(m: number, mode: Mode): void {
    const a = this.pop.members.archetype(m);
    if (this.ringShare[a] > 0 && this.rng.chance(this.ringShare[a])) return this.pickRingMate(m);
    if (this.keepsRate[a] === 1 && this.probing.belowTarget(m, a)) return this.pickToLiftRate(m, a);
    const u = this.rng.next();
    if (u < mode.contact[a] && this.pickContact(m)) return;
    if (u < mode.fofOrContact[a] && this.pickFriendOfFriend(m)) return;
    this.pickStranger(m);
  }

  /**
   * Entries in m's address book: slots for each person it knows (those whose email it does not
   * know are empty slots) and its acquaintances. The people it barely knows are not in the
   * who-knows-whom graph as ties of m's own, but they are contacts of its contacts: the import
   * reaches them, and they answer as acquaintances.
   */
  bookSize(m: number): number {
    const d = degree(this.graph, m);
    return d + Math.round(this.acquaintancesPerContact * d);
  }

  /**
   * The import's next address-book entry (sets target, relation, edge): the book is walked once,
   * in an order fixed by m (position from the member's cursor, set to 0 when the import starts),
   * skipping contacts whose email m does not know. False once the book is used up.
   */
  nextBookEntry(m: number): boolean {
    const g = this.graph;
    const d = degree(g, m);
    const size = this.bookSize(m);
    const offset = bookHash(m, -1) % Math.max(1, size);
    const members = this.pop.members;
    for (let i = members.nextCursor(m); i < size; i = members.nextCursor(m)) {
      const entry = (i * BOOK_STEP + offset) % size;
      if (entry < d) {
        const e = g.offsets[m] + entry;
        if (g.emailKnown[e] === 0) continue;
        this.setTarget(g.targets[e], CONTACT, e);
        return true;
      }
      // Acquaintances live in the member's circles (former colleagues, people met through people it
      // knows): a contact of one of its contacts, both fixed by the entry's hash.
      const h = bookHash(m, entry);
      const via = g.targets[g.offsets[m] + (h % d)];
      const dv = degree(g, via);
      if (dv === 0) continue;
      const t = g.targets[g.offsets[via] + (bookHash(via, h) % dv)];
      if (t === m) continue;
      // An acquaintance drawn who is someone m knows is a contact (its address is in the book).
      const e = edgeIndex(g, m, t);
      if (e >= 0) this.setTarget(t, CONTACT, e);
      else this.setTarget(t, ACQUAINTANCE, -1);
      return true;
    }
    return false;
  }

  /** Whether m's import has walked its whole book. */
  bookUsedUp(m: number): boolean {
    return (this.pop.members.cursor(m)) >= this.bookSize(m);
  }

  /** Whether `m` can type the email of its current target. */
  knowsTargetEmail(m: number): boolean {
    if (this.relation === CONTACT) return this.graph.emailKnown[this.edge] === 1;
    if (this.relation === ACQUAINTANCE) return true;
    return this.rng.chance(this.strangerEmailRate[this.pop.members.archetype(m)]);
  }

  /**
   * How `recipient` will answer an invitation from `sender` with the current relation:
   * ACCEPT, IGNORE, IDK or NO_ANSWER, with `delay` set.
   */
  planResponse(sender: number, recipient: number, note: boolean): number {
    const pop = this.pop;
    const r = this.r;
    if (recipient >= pop.real) {
      // Fake accounts answer only their own ring (or fleet, when it keeps an accept-rate target), and a ring rejects a share of it to blur the cut.
      const ring = this.sameRing(sender, recipient);
      if (!ring && !this.sameFleet(sender, recipient)) return NO_ANSWER;
      if (ring && this.selfRejection > 0 && this.rng.chance(this.selfRejection)) {
        this.delay = 1 + Math.floor(this.rng.exp(this.declineDelay));
        return IGNORE;
      }
      this.delay = 1 + Math.floor(this.rng.exp(this.meanDelay));
      return ACCEPT;
    }
    const style = pop.members.style(recipient);
    if (this.rng.chance(style === STYLE_DORMANT ? r.dormantNoResponse : r.noResponse)) return NO_ANSWER;
    const relation = this.relation;
    const photo = pop.members.hasPhoto(sender);
    let p = this.accept[relation];
    if (relation === FOF) p += r.mutualBoost * (Math.min(this.mutualWith(sender, recipient), r.mutualCap) - 1);
    if (note) p += r.noteBoost;
    p += photo ? r.photoBoost : -r.photoBoost;
    if (style === STYLE_ACCEPTS_ALL) p = 0.95;
    else if (style === STYLE_SELECTIVE) p *= 0.5;
    p = p < 0 ? 0 : p > 1 ? 1 : p;
    const idkFactor = style === STYLE_QUICK_IDK ? 3 : 1;
    const u = this.rng.next();
    if (u < p) {
      this.delay = 1 + Math.floor(this.rng.exp(this.meanDelay));
      return ACCEPT;
    }
    this.delay = 1 + Math.floor(this.rng.exp(this.declineDelay));
    // A note and a photo jog the memory of someone who does know the sender.
    const jog = (note ? 1 - r.noteIdkEffect : 1) * (photo ? 1 - r.photoIdkEffect : 1);
    const idk = relation === CONTACT ? r.mistakenIdk * idkFactor * jog : (1 - p) * Math.min(1, this.declineIdk[relation] * idkFactor);
    return u < p + idk ? IDK : IGNORE;
  }

  /** Contacts are invited in turn, from a random starting point in the member's list. */
  private pickContact(m: number): boolean {
    const g = this.graph;
    const d = degree(g, m);
    if (d === 0) return false;
    const e = g.offsets[m] + (this.pop.members.nextCursor(m) % d);
    this.setTarget(g.targets[e], CONTACT, e);
    return true;
  }

  /**
   * A contact of a contact (real members), or for a fake account a connection of the last
   * member who accepted it, as the platform shows it; a fake account's recipient sees their
   * mutual connections, which is what raises its accept rate (Boshmaf et al.).
   */
  private pickFriendOfFriend(m: number): boolean {
    const g = this.graph;
    if (m >= g.real) return this.pickConnectionOfAcceptor(m);
    const d = degree(g, m);
    if (d === 0) return false;
    const via = g.targets[g.offsets[m] + this.rng.int(d)];
    const dv = degree(g, via);
    if (dv === 0) return false;
    const t = g.targets[g.offsets[via] + this.rng.int(dv)];
    if (t === m) return false;
    const e = edgeIndex(g, m, t);
    if (e >= 0) this.setTarget(t, CONTACT, e);
    else this.setTarget(t, FOF, -1);
    return true;
  }

  private pickConnectionOfAcceptor(m: number): boolean {
    const via = this.pop.members.lastAcceptor(m);
    if (via < 0) return false;
    const n = this.platform.connectionCount(via);
    if (n === 0) return false;
    const t = this.platform.connectionAt(via, this.rng.int(n));
    if (t === m || t >= this.graph.real) return false;
    this.setTarget(t, FOF, -1);
    return true;
  }

  /**
   * Anyone real, uniformly. For a real sender the draw is looked up among its contacts
   * (rarely, it is one), so the recipient answers as who it is and "already connected" is
   * exact; fake accounts know nobody.
   */
  private pickStranger(m: number): void {
    const g = this.graph;
    const pool = g.real > 1 ? g.real : g.n;
    let t = this.communityShare > 0 && this.inRing(m) && this.rng.chance(this.communityShare) ? this.ringCommunityMember(m) : this.rng.int(pool);
    if (t === m) t = (t + 1) % pool;
    const e = m < g.real ? edgeIndex(g, m, t) : -1;
    if (e >= 0) this.setTarget(t, CONTACT, e);
    else this.setTarget(t, STRANGER, -1);
  }

  private pickRingMate(m: number): void {
    const base = this.pop.sybilBase;
    const ring = Math.floor((m - base) / this.ringSize);
    const start = base + ring * this.ringSize;
    const size = Math.min(this.ringSize, this.pop.sybilBase + this.pop.counts[this.sybil] - start);
    if (size < 2) return this.pickStranger(m);
    let t = start + this.rng.int(size - 1);
    if (t >= m) t++;
    this.setTarget(t, STRANGER, -1);
  }

  /**
   * An account under its accept-rate target invites where it will be accepted: a friend of a
   * friend (for a fake account, a connection of whoever accepted it last), else a mate of its
   * fleet (fake archetypes only: a block of ids), else a stranger.
   */
  private pickToLiftRate(m: number, a: number): void {
    if (this.pickFriendOfFriend(m)) return;
    const lo = this.fleetLo[a];
    const size = lo < 0 ? 0 : this.pop.counts[a];
    if (size < 2) return this.pickStranger(m);
    let t = lo + this.rng.int(size - 1);
    if (t >= m) t++;
    this.setTarget(t, STRANGER, -1);
  }

  private sameFleet(a: number, b: number): boolean {
    const members = this.pop.members;
    const k = members.archetype(a);
    return this.keepsRate[k] === 1 && members.archetype(b) === k;
  }

  private inRing(m: number): boolean {
    const base = this.pop.sybilBase;
    return m >= base && m < base + this.pop.counts[this.sybil];
  }

  /** A member of the community the sybil's ring targets: the community of a member drawn once per ring. */
  private ringCommunityMember(m: number): number {
    const ring = Math.floor((m - this.pop.sybilBase) / this.ringSize);
    if (this.ringLo[ring] < 0) {
      const g = this.graph;
      const seed = this.rng.int(g.real);
      const k = g.community[seed];
      let lo = seed;
      let hi = seed + 1;
      while (lo > 0 && g.community[lo - 1] === k) lo--;
      while (hi < g.real && g.community[hi] === k) hi++;
      this.ringLo[ring] = lo;
      this.ringHi[ring] = hi;
    }
    return this.ringLo[ring] + this.rng.int(this.ringHi[ring] - this.ringLo[ring]);
  }

  private sameRing(a: number, b: number): boolean {
    const base = this.pop.sybilBase;
    const end = base + this.pop.counts[this.sybil];
    return a >= base && a < end && b >= base && b < end && Math.floor((a - base) / this.ringSize) === Math.floor((b - base) / this.ringSize);
  }

  /**
   * The mutual connections a friend-of-friend recipient sees: for a real sender its mutual
   * contacts (at least the one it came through), for a fake account its mutual connections on
   * the platform. Counted when the invitation is delivered, not for every target drawn: nothing
   * connects between the draw and the delivery, and many draws are redrawn or not delivered
   * (half of fake accounts' friend-of-friend draws in the baseline).
   */
  private mutualWith(sender: number, recipient: number): number {
    const cap = this.r.mutualCap;
    return sender < this.graph.real ? Math.max(1, mutualContacts(this.graph, sender, recipient, cap)) : this.platform.mutualConnections(sender, recipient, cap);
  }

  private setTarget(t: number, relation: number, edge: number): void {
    this.target = t;
    this.relation = relation;
    this.edge = edge;
  }
}

export type { Mode };
