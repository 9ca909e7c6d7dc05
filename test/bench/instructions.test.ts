import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bench as runBench, benchAsync, stubBuild } from '../helpers/bench';
import { ROOT, tempDir } from '../helpers/cli';

/** Valgrind runs the engine ~50x slower: allow it minutes. */
const bench = (args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) => runBench(args, cwd, env, 600000);

const hasValgrind = spawnSync('valgrind', ['--version']).status === 0;

/**
 * A "build" whose engine does a known amount of work per event: its run counts 1,000 events a
 * day and turns a loop `turns` times for each.
 */
function busyPeer(turns: number): string {
  return stubBuild({
    load: "exports.loadScenario = () => ({ policy: {} }); exports.withOverrides = (s, o) => ({ ...s, days: (o.find((x) => x[0] === 'days') || [0, 30])[1] }); exports.toSimConfig = (s) => s;",
    simulate: `exports.buildWorld = (cfg) => ({ events: 0, policyContext: () => ({}), run() { let x = 0; for (let i = 0; i < cfg.days * 1000 * ${turns}; i++) x = (x + i) | 0; this.events = cfg.days * 1000 + (x & 0); } });`,
    registry: 'exports.createPolicy = () => ({});',
  });
}

describe('npm run bench -- instructions', () => {
  it('is exit 2 with one line naming the fix when valgrind is not on PATH, and writes nothing', () => {
    const cwd = tempDir();
    // Named with engine, it still fails at once, before the engine benchmark's minutes.
    const r = bench(['engine', 'instructions', '--members', '2000'], cwd, { ...process.env, PATH: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('bench: the instructions benchmark counts with valgrind, which is not on PATH: install it (Debian: apt-get install valgrind)');
    expect(fs.existsSync(path.join(cwd, 'bench'))).toBe(false);
  });

  it('does not run unless named (a bare npm run bench needs no valgrind)', () => {
    const r = bench(['--help'], tempDir());
    expect(r.stdout).toMatch(/engine, sweep, http and detectors if none is named/);
  });

  (hasValgrind ? it : it.skip)(
    'counts the same work per event for a build measured twice, and more for a build that does more an event',
    async () => {
      // Two runs against peers that do known work an event: this build is counted in each,
      // so it is measured twice (in different processes) without a third pair of valgrind runs.
      // The two run side by side: counts, unlike times, do not depend on what else runs.
      const against = async (turns: number) => {
        const cwd = tempDir();
        const r = await benchAsync(['instructions', '--members', '2000', '--peer', busyPeer(turns)], cwd, 600000);
        expect(r.code).toBe(0);
        const b = JSON.parse(fs.readFileSync(path.join(cwd, 'bench', 'bench.json'), 'utf8')).instructions;
        expect(b.ratio).toBeCloseTo(b.peer.perEvent / b.self.perEvent, 9);
        return b;
      };
      const [once, twice] = await Promise.all([against(1000), against(2000)]);

      expect(once.self.runs[1].events).toBeGreaterThan(once.self.runs[0].events);
      // The same engine counted in two processes: --predictable makes the JIT's work repeat.
      expect(Math.abs(twice.self.perEvent / once.self.perEvent - 1)).toBeLessThan(0.002);
      expect(once.self.perEvent).toBeGreaterThan(300);
      expect(once.self.perEvent).toBeLessThan(30000);

      // Twice the loop turns an event, twice the count: start-up and compiling cancel out between the horizons.
      expect(once.peer.perEvent).toBeGreaterThan(1000);
      expect(twice.peer.perEvent / once.peer.perEvent).toBeCloseTo(2, 1);
    },
    600000,
  );

  (hasValgrind ? it : it.skip)(
    'says in one line what failed when the peer build will not run under valgrind, exit 2, and writes nothing',
    () => {
      const cwd = tempDir();
      const broken = stubBuild({ load: "throw new TypeError('this build is broken');", simulate: '', registry: '' });
      const r = bench(['instructions', '--members', '2000', '--peer', broken], cwd);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/the engine at .*dist failed under valgrind \(exit 1\): TypeError: this build is broken/);
      expect(fs.existsSync(path.join(cwd, 'bench', 'bench.json'))).toBe(false);
    },
    600000,
  );
});
