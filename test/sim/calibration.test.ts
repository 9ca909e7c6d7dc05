/**
 * The baseline scenario reproduces the published accept rates within ±5 points:
 * known contacts ~70%, friends of friends ~60% (Boshmaf et al. 2011), strangers ~20%.
 */
import { loadScenario } from '../../scenarios/load';
import { planTasks } from '../../runner/plan';
import { runTask } from '../../runner/run-task';

describe('baseline calibration', () => {
  const scenario = loadScenario('baseline');
  const result = runTask(scenario, planTasks(scenario)[0]);
  const { contact, fof, stranger } = result.calibration;

  it('has enough honest invitations of each kind to measure', () => {
    expect(contact.delivered).toBeGreaterThan(5000);
    expect(fof.delivered).toBeGreaterThan(1000);
    expect(stranger.delivered).toBeGreaterThan(1000);
  });

  it.each([
    ['contacts', () => contact.acceptRate, 0.7],
    ['friends of friends', () => fof.acceptRate, 0.6],
    ['strangers', () => stranger.acceptRate, 0.2],
  ])('honest invitations to %s are accepted within 5 points of the published rate', (_name, rate, target) => {
    expect(Math.abs(rate()! - target)).toBeLessThanOrEqual(0.05);
  });

  it('sees roughly 30% of regular members\' delivered invitations declined or unanswered (not a tuned figure: a sanity band)', () => {
    // Heavy stranger-senders (recruiters, open networkers) send most honest invitations; a typical member's own are regulars'.
    const r = result.byArchetype.regular!;
    const declined = 1 - r.accepted / (r.invitationsAttempted - r.blocked);
    expect(declined).toBeGreaterThan(0.2);
    expect(declined).toBeLessThan(0.45);
  });
});
