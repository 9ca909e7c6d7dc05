import { plantedWorld, runDetector, separation } from './detector-world';

describe('votetrust', () => {
  it.each([1, 2, 3])('finds a planted sybil region by its members\' trust-weighted votes (seed %i)', (seed) => {
    const w = plantedWorld({ honest: 600, sybils: 60, seed, strangerAccept: 0.2 });
    const { recall, fpr } = separation(w, runDetector({ name: 'votetrust', params: { seeds: 30 } }, w).restricted);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(fpr).toBeLessThanOrEqual(0.01);
  });

  it('weighs votes by trust: a ring accepting its own requests lifts its plain accept rate, not its rating', () => {
    const w = plantedWorld({ honest: 600, sybils: 60, seed: 7, strangerAccept: 0.2, ringInvites: 59, sybilInvites: 40 });
    const plain = separation(w, runDetector({ name: 'acceptance-ratio', params: { maxClustering: null } }, w).restricted);
    expect(plain.recall).toBeLessThan(0.5);
    const voted = separation(w, runDetector({ name: 'votetrust', params: { seeds: 30, colluderShare: null } }, w).restricted);
    expect(voted.recall).toBeGreaterThanOrEqual(0.9);
    expect(voted.fpr).toBeLessThanOrEqual(0.01);
  });

  it('finds colluders around detected sybils: ring members who invite only each other', () => {
    const w = plantedWorld({ honest: 600, sybils: 60, seed: 11, strangerAccept: 0.2, quiet: 20 });
    const quiet = (r: boolean[]) => {
      let caught = 0;
      // The quiet ones are the sybils whose invitations all went to ring-mates.
      for (let m = 0; m < w.members; m++) if (w.sybil[m] && !votedOnByHonest(m) && r[m]) caught++;
      return caught;
    };
    const votedOnByHonest = (m: number) => w.answers.some((a) => a.sender === m && !w.sybil[a.recipient]);
    const quietCount = Array.from(w.sybil).filter((s, m) => s === 1 && !votedOnByHonest(m)).length;
    expect(quietCount).toBe(20);
    const without = runDetector({ name: 'votetrust', params: { seeds: 30, colluderShare: null } }, w).restricted;
    const withStep = runDetector({ name: 'votetrust', params: { seeds: 30 } }, w).restricted;
    expect(quiet(without)).toBeLessThanOrEqual(2);
    expect(quiet(withStep)).toBeGreaterThanOrEqual(18);
    expect(separation(w, withStep).fpr).toBeLessThanOrEqual(0.01);
  });

  it('flags nobody with fewer than minVotes answers', () => {
    const w = plantedWorld({ honest: 600, sybils: 60, seed: 2, strangerAccept: 0.2 });
    const r = runDetector({ name: 'votetrust', params: { seeds: 30, minVotes: 1000, colluderShare: null } }, w);
    expect(r.restricted.some(Boolean)).toBe(false);
  });
});
