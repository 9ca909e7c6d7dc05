/** The journal: one record a line, durable; a torn last line (a kill mid-append) is ignored and cut off before appending. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JOURNAL_FILE, Journal, readJournal } from '../../runner/journal';
import type { RunRecord } from '../../sim/result';
import { tempDir } from '../helpers/cli';

const record = (index: number, error?: string): RunRecord => ({ index, point: index, replicate: 0, seed: `s/${index}`, params: {}, ...(error ? { error } : {}) });

describe('journal', () => {
  it('reads back what was appended; a later record of a task wins', () => {
    const dir = tempDir();
    const j = Journal.create(dir);
    j.append(JSON.stringify(record(0, 'boom')));
    j.append(JSON.stringify(record(1)));
    j.append(JSON.stringify(record(0)));
    j.close();
    const { records } = readJournal(dir);
    expect([...records.keys()].sort()).toEqual([0, 1]);
    expect(records.get(0)).toEqual(record(0));
  });

  it('ignores a torn last line and cuts it off when reopened', () => {
    const dir = tempDir();
    const j = Journal.create(dir);
    j.append(JSON.stringify(record(0)));
    j.close();
    const file = path.join(dir, JOURNAL_FILE);
    fs.appendFileSync(file, JSON.stringify(record(1)).slice(0, 20));
    const torn = readJournal(dir);
    expect([...torn.records.keys()]).toEqual([0]);
    const again = Journal.reopen(dir, torn.wholeBytes);
    again.append(JSON.stringify(record(2)));
    again.close();
    expect([...readJournal(dir).records.keys()]).toEqual([0, 2]);
    expect(fs.readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
  });

  it('lists damaged lines by number and keeps the good ones', () => {
    const dir = tempDir();
    const lines = [JSON.stringify(record(0)), '{ nope', JSON.stringify({ ...record(1), index: -1 }), JSON.stringify(record(2)), JSON.stringify({ ...record(3), seed: 4 })];
    fs.writeFileSync(path.join(dir, JOURNAL_FILE), lines.join('\n') + '\n');
    const seedIsString = (r: unknown) => (typeof (r as RunRecord).seed === 'string' ? null : 'seed is not a string');
    const j = readJournal(dir, seedIsString);
    expect([...j.records.keys()]).toEqual([0, 2]);
    expect(j.damaged).toEqual([
      { line: 2, problem: 'not valid JSON' },
      { line: 3, problem: 'no task index' },
      { line: 5, problem: 'seed is not a string' },
    ]);
  });

  it('reads a missing journal as empty', () => {
    expect(readJournal(tempDir()).records.size).toBe(0);
  });
});
