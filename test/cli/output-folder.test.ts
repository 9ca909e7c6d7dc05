/**
 * OutputFolder.claim when another invitesim makes the folder between this claim's stat and
 * its mkdir (two runs started at once): the claim goes on to the lock, which decides who
 * writes, instead of failing with EEXIST. The race is made certain by running the other
 * side's mkdir just before ours.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OutputFolder } from '../../cli/output-folder';
import { tempDir } from '../helpers/cli';

/** Runs before each mkdirSync: what another process does in the race. */
let mockBeforeMkdir: ((dir: string) => void) | null = null;
jest.mock('node:fs', () => {
  const real = jest.requireActual('node:fs');
  return { ...real, mkdirSync: (p: string, o?: object) => (mockBeforeMkdir?.(String(p)), real.mkdirSync(p, o)) };
});
afterEach(() => (mockBeforeMkdir = null));

test('a folder made by someone else just before our mkdir is claimed, not refused, and not removed on abandon', () => {
  const dir = path.join(tempDir(), 'raced');
  mockBeforeMkdir = (p) => jest.requireActual('node:fs').mkdirSync(p);
  const folder = OutputFolder.claim(dir, { command: 'run', flag: `--out ${dir}` });
  mockBeforeMkdir = null;
  folder.abandon();
  // Not this claim's folder, so abandoning it leaves it for its maker.
  expect(fs.statSync(dir).isDirectory()).toBe(true);
});

test('a file made there in the race is still refused with the mkdir error', () => {
  const dir = path.join(tempDir(), 'raced-file');
  mockBeforeMkdir = (p) => jest.requireActual('node:fs').writeFileSync(p, 'x');
  // The CLI's wording of the error is held by the process tests (test/faults); here Node's error reaches jest from another realm.
  expect(() => OutputFolder.claim(dir, { command: 'run', flag: `--out ${dir}` })).toThrow(/EEXIST/);
  expect(fs.readFileSync(dir, 'utf8')).toBe('x');
});
