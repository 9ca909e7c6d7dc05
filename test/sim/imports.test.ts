/**
 * Address-book imports reach the address book: the contacts whose email the member knows plus
 * its acquaintances (network.addressBookAcquaintances per contact). An import of importSize
 * (times a log-normal spread of mean 1) is reached when the book is large enough, and never
 * sends more than the book holds.
 */
import { buildWorld } from '../../sim/simulate';
import { ARCHETYPES } from '../../sim/config';
import { DEFAULT_ARCHETYPES } from '../../sim/archetypes';
import { DEFAULT_NETWORK } from '../../scenarios/defaults';
import { M_ATTEMPTED, M_FIELDS } from '../../sim/member-counts';
import { degree } from '../../sim/graph';
import { allowAll, smallConfig } from '../helpers/sim-config';

/** One day in which every importer imports at minute 0; its attempts are its import (its own rate adds ~0.2 a day). */
function importAttempts(acquaintances: number): { attempts: number[]; emailContacts: number[] } {
  const cfg = smallConfig({
    seed: 'imports',
    members: 3000,
    days: 1,
    shares: { regular: 0.9, importer: 0.1 },
    network: { ...DEFAULT_NETWORK, addressBookAcquaintances: acquaintances },
    archetypes: { ...DEFAULT_ARCHETYPES, importer: { ...DEFAULT_ARCHETYPES.importer, activeFrom: { from: 0, to: 0 }, sendsPerDay: 0 } },
  });
  const engine = buildWorld(cfg, true);
  engine.run(allowAll());
  const g = engine.graph;
  const importer = ARCHETYPES.indexOf('importer');
  const attempts: number[] = [];
  const emailContacts: number[] = [];
  for (let m = 0; m < engine.pop.n; m++) {
    if (engine.pop.members.archetype(m) !== importer) continue;
    attempts.push(engine.memberCounts!.counts[m * M_FIELDS + M_ATTEMPTED]);
    let known = 0;
    for (let e = g.offsets[m]; e < g.offsets[m] + degree(g, m); e++) known += g.emailKnown[e];
    emailContacts.push(known);
  }
  return { attempts, emailContacts };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('address-book imports', () => {
  it('reach importSize when the book is large enough (mean import ~80 of a target of mean 80; before: ~9, stopping at the first failed draw)', () => {
    const { attempts } = importAttempts(50);
    expect(attempts.length).toBe(300);
    // The target is round(80 x a log-normal of mean 1, sigma 0.5): its mean over 300 importers is 80 within ~3 standard errors (80 x 0.53 / sqrt(300) = 2.4).
    expect(mean(attempts)).toBeGreaterThan(73);
    expect(mean(attempts)).toBeLessThan(87);
  });

  it('never send more than the book holds: with no acquaintances, at most the contacts whose email the member knows', () => {
    const { attempts, emailContacts } = importAttempts(0);
    for (let i = 0; i < attempts.length; i++) expect(attempts[i]).toBeLessThanOrEqual(emailContacts[i]);
    // And a book that small is mostly used up: most importers know fewer than 80 addresses and send to nearly all of them.
    const used = attempts.reduce((a, b) => a + b, 0) / emailContacts.reduce((a, b) => a + b, 0);
    expect(used).toBeGreaterThan(0.8);
  });

  it('grow with the book: the default book (3 acquaintances a contact) sends several times what the email-known contacts alone allow', () => {
    expect(mean(importAttempts(3).attempts)).toBeGreaterThan(3 * mean(importAttempts(0).attempts));
  });
});
