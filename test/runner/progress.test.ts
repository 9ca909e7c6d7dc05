/** Progress: a bar with percentage and ETA redrawn in place on a terminal; plain lines at most every few seconds elsewhere, the last state once. */
import { Progress, formatDuration } from '../../runner/progress';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 100, write: (s: string) => writes.push(s) } };
}

/** What a terminal shows once the writes are played: each \r or cursor-to-column-1 starts the line again. */
function screen(writes: string[]): string[] {
  const lines = [''];
  // eslint-disable-next-line no-control-regex
  for (const part of writes.join('').split(/(\n|\x1b\[1G|\r)/)) {
    if (part === '\n') lines.push('');
    else if (part === '\x1b[1G' || part === '\r') lines[lines.length - 1] = '';
    // eslint-disable-next-line no-control-regex
    else lines[lines.length - 1] += part.replace(/\x1b\[[?\d;]*[A-Za-z]|\x1b[78]/g, '');
  }
  return lines;
}

describe('progress', () => {
  it('draws a bar with percentage, runs, events/s and ETA on a terminal, redrawn in place; the final state on one line', () => {
    let now = 0;
    const { writes, stream } = fakeStream(true);
    const p = new Progress({ label: 'x', total: 4, stream, now: () => now });
    expect(screen(writes)).toEqual(['x ░░░░░░░░░░░░░░░░░░░░░░░░ 0% | 0/4 runs | – events/s | ETA –']);
    now = 1000;
    p.tick(2_000_000, false);
    now = 2000;
    p.tick(1_000_000, true);
    p.finish();
    const shown = screen(writes);
    // One line, ended once; what it shows last is the final state.
    expect(shown).toEqual(['x ████████████░░░░░░░░░░░░ 50% | 2/4 runs, 1 failed | 1.5 M events/s | ETA 0:02', '']);
    expect(writes.join('').split('\n')).toHaveLength(2);
  });

  it('writes plain lines with the percentage at most every plainEveryMs when not a terminal, and the last state once', () => {
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
    for (const w of writes) expect(w).toMatch(/^x: \d+\/100 runs \(\d+%\), [^\r\x1b]*\n$/);
    expect(writes[0]).toBe('x: 1/100 runs (1%), 5.0 k events/s, ETA 0:20\n');
    expect(writes[4]).toBe('x: 100/100 runs (100%), 5.0 k events/s, 0:20 elapsed\n');
  });

  it('never writes the last line twice when the last run ended on a plain line', () => {
    let now = 0;
    const { writes, stream } = fakeStream(false);
    const p = new Progress({ label: 'x', total: 2, stream, now: () => now, plainEveryMs: 5000 });
    now = 1000;
    p.tick(10, false);
    now = 7000;
    p.tick(10, false);
    now = 7001;
    p.finish();
    expect(writes).toEqual(['x: 1/2 runs (50%), 10 events/s, ETA 0:01\n', 'x: 2/2 runs (100%), 3 events/s, 0:07 elapsed\n']);
  });

  it('formats durations as m:ss and h:mm:ss', () => {
    expect(formatDuration(5)).toBe('0:05');
    expect(formatDuration(125)).toBe('2:05');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});
