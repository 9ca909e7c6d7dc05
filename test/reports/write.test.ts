import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError } from '../../sim/errors';
import { REPORT_FILES, buildResults, readResults, rebuildReports, writeReports } from '../../reports';
import { writeFileAtomic } from '../../io/atomic-write';
import { writeLoadFiles } from '../../load';
import { META, makeRecords, makeScenario } from './fixtures';
import { makeLoadFile } from './load-fixture';

describe('writeReports and rebuildReports', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'invitesim-write-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const results = buildResults(makeScenario({ expect: { recall: 'ci_low >= 0.5' } }), makeRecords({ points: 3, replicates: 3, failures: [[0, 1]] }), META, { partial: false });

  it('writes every file and leaves no temporary file behind', () => {
    const out = path.join(dir, 'nested', 'out');
    writeReports(out, results);
    expect(fs.readdirSync(out).sort()).toEqual([...REPORT_FILES].sort());
  });

  it('rebuilds every report byte for byte from results.json alone', () => {
    writeReports(dir, results);
    const before = Object.fromEntries(REPORT_FILES.map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
    for (const f of REPORT_FILES) if (f !== 'results.json') fs.rmSync(path.join(dir, f));
    const rebuilt = rebuildReports(dir);
    expect(rebuilt.gates).toEqual(results.gates);
    for (const f of REPORT_FILES) expect({ f, text: fs.readFileSync(path.join(dir, f), 'utf8') }).toEqual({ f, text: before[f] });
  });

  it("adds the folder's load test to report.html only when load.json is there", () => {
    const html = () => fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    writeReports(dir, results);
    expect(html()).not.toContain('<section id="load"');
    rebuildReports(dir);
    expect(html()).not.toContain('<section id="load"');

    writeLoadFiles(dir, makeLoadFile());
    rebuildReports(dir);
    expect(html()).toContain('<section id="load"');
    expect(html()).toContain('id="invitesim-load"');
    expect(html()).toContain('id="invitesim-data"');
    writeReports(dir, results);
    expect(html()).toContain('<section id="load"');
    // Nothing is added beside the load test's own files.
    expect(fs.readdirSync(dir).sort()).toEqual([...REPORT_FILES, 'load.csv', 'load.json'].sort());

    fs.rmSync(path.join(dir, 'load.json'));
    rebuildReports(dir);
    expect(html()).not.toContain('<section id="load"');
  });

  it('reports an unreadable, malformed or foreign results.json as bad input naming the file', () => {
    const file = path.join(dir, 'results.json');
    expect(() => readResults(file)).toThrow(InputError);
    expect(() => readResults(file)).toThrow(`${file}: cannot read results (ENOENT)`);
    fs.writeFileSync(file, '{"schemaVersion": 1,');
    expect(() => readResults(file)).toThrow(/results\.json: not valid JSON/);
    fs.writeFileSync(file, JSON.stringify({ ...results, schemaVersion: 2 }));
    expect(() => readResults(file)).toThrow(`${file}: schemaVersion 2 is not supported (expected 1)`);
    fs.writeFileSync(file, JSON.stringify({ ...results, points: {} }));
    expect(() => readResults(file)).toThrow(`${file}: points must be an array`);
  });

  it('keeps the old file when writing fails midway', () => {
    const file = path.join(dir, 'summary.md');
    fs.writeFileSync(file, 'old');
    function* failing(): Generator<string> {
      yield 'new';
      throw new Error('disk full');
    }
    expect(() => writeFileAtomic(file, failing())).toThrow('disk full');
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir)).toEqual(['summary.md']);
  });
});
