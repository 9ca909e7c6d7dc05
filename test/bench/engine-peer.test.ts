import * as fs from 'node:fs';
import * as path from 'node:path';
import { bench, stubBuild } from '../helpers/bench';
import { ROOT, tempDir } from '../helpers/cli';

/** A "build" whose engine runs no simulation and counts a fixed number of events, so its runs are told apart from this build's. */
function stubPeer(events: number): string {
  return stubBuild({
    load: 'exports.loadScenario = () => ({ policy: {} }); exports.withOverrides = (s) => s; exports.toSimConfig = () => ({});',
    simulate: `exports.buildWorld = () => ({ events: 0, policyContext: () => ({}), run() { let x = 0; for (let i = 0; i < 2e6; i++) x += i; this.events = ${events} + (x & 0); } });`,
    registry: 'exports.createPolicy = () => ({});',
  });
}

describe('npm run bench -- engine --peer', () => {
  it('alternates this build with the peer build and reports their ratio of events per CPU-second', () => {
    const cwd = tempDir();
    const peer = stubPeer(123457);
    const r = bench(['engine', '--peer', peer, '--members', '2000', '--repetitions', '2'], cwd);
    expect(r.stderr).toContain('engine vs peer: pair 2/2');
    expect(r.code).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(cwd, 'bench', 'bench.json'), 'utf8'));
    const p = report.enginePeer;
    expect(p.pairs).toHaveLength(2);
    for (const pair of p.pairs) {
      // The peer's runs are the stub's; this build's are real runs of the baseline.
      expect(pair.peer.events).toBe(123457);
      expect(pair.self.events).toBeGreaterThan(10000);
      expect(pair.ratio).toBeCloseTo(pair.self.events / pair.self.runCpuSeconds / (pair.peer.events / pair.peer.runCpuSeconds), 9);
    }
    // Each pair has a seed of its own (bench/0, bench/1), so this build's two runs differ.
    expect(p.pairs[0].self.events).not.toBe(p.pairs[1].self.events);
    expect(p.ratio.min).toBeLessThanOrEqual(p.ratio.median);
    expect(p.ratio.median).toBeLessThanOrEqual(p.ratio.max);
    // Both floors were timed beside each of the engine's repetitions, at its members, and its rate is given over each.
    const f = report.engine.floors;
    expect(r.stderr).toMatch(/engine: repetition 2\/2: .* floors [\d.]+ and [\d.]+ M\/s \(floor-world: [\d.]+\)/);
    expect(r.stderr).toMatch(/engine over its memory floors: floor-world [\d.]+ \([\d.]+–[\d.]+; [\d.]+ M\/s\), floor [\d.]+/);
    for (const k of ['floor', 'floorWorld', 'ratioToFloor', 'ratioToFloorWorld']) expect(f[k].median).toBeGreaterThan(0);
    expect(f.ratioToFloorWorld.min).toBeLessThanOrEqual(f.ratioToFloorWorld.median);
    expect(f.ratioToFloorWorld.median).toBeLessThanOrEqual(f.ratioToFloorWorld.max);
  });

  it('runs the same build the same in a process of its own: a build against itself simulates identical runs', () => {
    const cwd = tempDir();
    const r = bench(['engine', '--peer', ROOT, '--members', '2000', '--repetitions', '1'], cwd);
    expect(r.code).toBe(0);
    const pair = JSON.parse(fs.readFileSync(path.join(cwd, 'bench', 'bench.json'), 'utf8')).enginePeer.pairs[0];
    expect(pair.self.events).toBe(pair.peer.events);
  });

  it.each([
    [['engine', '--peer', '/nonexistent/checkout'], /--peer \/nonexistent\/checkout: no built engine there \(dist\/scenarios\/load\.js is missing\); check out the revision/],
    [['sweep', '--peer', ROOT], /--peer compares builds: name the engine, instructions or attack benchmark too/],
    [['engine', '--members', 'ten'], /--members must be a positive integer \(got "ten"\)/],
    [['engine', '--repetitions', '0'], /--repetitions must be a positive integer \(got "0"\)/],
    [['engine', '--repetitions', '-1'], /--repetitions must be a positive integer \(got "-1"\)/],
    [['engine', '--peer', '-h'], /--peer needs a value, not the option after it \(a value starting with a dash: --peer=VALUE\)/],
    [['instructions', '--members', '-5'], /--members must be a positive integer \(got "-5"\)/],
    [['engines'], /no benchmark "engines": choose from engine, sweep, http, detectors, instructions/],
    [['engine', '--threads', '2'], /unknown option --threads \(see --help\)/],
  ])('bench %j is exit 2 with one line naming the fix, and writes nothing', (args, message) => {
    const cwd = tempDir();
    const r = bench(args as string[], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(path.join(cwd, 'bench'))).toBe(false);
  });

  it('says what failed when the peer build will not run, in one line, exit 2', () => {
    const cwd = tempDir();
    const peer = stubPeer(1);
    fs.writeFileSync(path.join(peer, 'dist', 'sim', 'simulate.js'), "throw new TypeError('this build is broken');");
    const r = bench(['engine', '--peer', peer, '--members', '2000', '--repetitions', '1'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the engine at .*dist failed \(exit 1\): TypeError: this build is broken/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(cwd, 'bench', 'bench.json'))).toBe(false);
  });
});
