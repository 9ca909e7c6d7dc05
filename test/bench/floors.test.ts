/**
 * bench/floors.ts keeps the method of ../shared/bench/floor.js and floor-world.js: the same
 * draws and the same memory touched, so the same check value at every size. The expected checks
 * were printed by the shared scripts themselves (`node floor.js N E`, `node floor-world.js N E`),
 * which the clean clone CI runs in does not have beside it.
 */
import * as path from 'node:path';
import type * as Floors from '../../bench/floors';
import { ROOT } from '../helpers/cli';

// runFloor spawns the compiled module (npm test builds first).
const { runFloor }: typeof Floors = require(path.join(ROOT, 'dist', 'bench', 'floors'));

const SHARED: Array<[members: number, events: number, floor: number, floorWorld: number]> = [
  [1000, 100_000, 4, 4],
  [5000, 200_000, 6, 3],
  [20_000, 300_000, 5, 5],
  [777, 123_457, 5, 0],
  [100_000, 500_000, 6, 6],
];

test.each(SHARED)('at %i members and %i events, the same checks as the shared scripts (%i, %i) and a positive rate', (members, events, floor, floorWorld) => {
  const a = runFloor('floor', members, events);
  const b = runFloor('floor-world', members, events);
  expect([a.check, b.check]).toEqual([floor, floorWorld]);
  for (const r of [a, b]) {
    expect(r).toMatchObject({ members, events });
    expect(r.eventsPerSecond).toBeGreaterThan(0);
  }
});
