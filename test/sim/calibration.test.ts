/**
 * The baseline scenario reproduces the published accept rates within ±5 points:
 * known contacts ~70%, friends of friends ~60% (Boshmaf et al. 2011), strangers ~20%.
 */
import { loadScenario } from '../../scenarios/load';
import { planTasks } from '../../runner/plan';
import { runPooled } from '../helpers/pooled';

describe('baseline calibration', () => {
  const scenario = loadScenario('baseline');
  const [result] = runPooled(scenario, [planTasks(scenario)[0]]);
  const { contact, fof, stranger } = result.calibration;

  it('has enough honest invitations of each kind to measure', () => {
    expect(contact.delivered).toBeGreaterThan(5000);
    expect(fof.delivered).toBeGreaterThan(1000);
    expect(stranger.delivered).toBeGreaterThan(1000);
  });

  // The rates the baseline's description quotes ("~70%": within 5 points).
  const quoted = scenario.description.match(/accepted ~(\d+)% of the time, to friends of friends ~(\d+)%, to strangers ~(\d+)%/);

  it.each([
    ['contacts', () => contact.acceptRate, 1, 0.7],
    ['friends of friends', () => fof.acceptRate, 2, 0.6],
    ['strangers', () => stranger.acceptRate, 3, 0.2],
  ] as const)('honest invitations to %s are accepted within 5 points of the published rate, the one the description quotes', (_name, rate, at, published) => {
    expect(quoted).not.toBeNull();
    expect(Number(quoted![at]) / 100).toBe(published);
    expect(Math.abs(rate()! - published)).toBeLessThanOrEqual(0.05);
  });

  it('sees roughly 30% of regular members\' delivered invitations declined or unanswered (not a tuned figure: a sanity band)', () => {
    // Heavy stranger-senders (recruiters, open networkers) send most honest invitations; a typical member's own are regulars'.
    const r = result.byArchetype.regular!;
    const declined = 1 - r.accepted / (r.invitationsAttempted - r.blocked);
    expect(declined).toBeGreaterThan(0.2);
    expect(declined).toBeLessThan(0.45);
  });
});
