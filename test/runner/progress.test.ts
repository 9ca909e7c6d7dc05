/** Progress: one line redrawn in place on a terminal; plain lines at most every few seconds elsewhere. */
import { Progress, formatDuration } from '../../sim/runner/progress';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => writes.push(s) } };
}

describe('progress', () => {
  it('redraws a single terminal line with runs done, events/s and ETA', () => {
    let now = 0;
    const { writes, stream } = fakeStream(true);
    const p = new Progress({ label: 'x', total: 4, stream, now: () => now });
    now = 1000;
    p.tick(2_000_000, false);
    now = 1050; // within the redraw interval: not drawn
    p.tick(1_000_000, true);
    now = 2000;
    p.tick(1_000_000, false);
    p.finish();
    expect(writes).toHaveLength(3);
    expect(writes[0]).toBe('\r\x1b[Kx: 1/4 runs, 2.0 M events/s, ETA 0:03');
    expect(writes[1]).toBe('\r\x1b[Kx: 3/4 runs, 1 failed, 2.0 M events/s, ETA 0:01');
    expect(writes[2]).toBe('\r\x1b[Kx: 3/4 runs, 1 failed, 2.0 M events/s, ETA 0:01\n');
    expect(writes.slice(0, 2).join('')).not.toContain('\n');
  });

  it('writes plain lines at most every plainEveryMs when not a terminal', () => {
    let now = 0;
    const { writes, stream } = fakeStream(false);
    const p = new Progress({ label: 'x', total: 100, stream, now: () => now, plainEveryMs: 5000 });
    for (let i = 0; i < 100; i++) {
      now += 200;
      p.tick(1000, false);
    }
    p.finish();
    // 20 s of ticks: the first (at 0.2 s), then one per 5 s (5.2, 10.2, 15.2), then the final line.
    expect(writes).toHaveLength(5);
    for (const w of writes) expect(w).toMatch(/^x: \d+\/100 runs, [^\r]*\n$/);
    expect(writes[4]).toBe('x: 100/100 runs, 5.0 k events/s, 0:20 elapsed\n');
  });

  it('formats durations as m:ss and h:mm:ss', () => {
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(125)).toBe('2:05');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
