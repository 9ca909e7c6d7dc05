/**
 * `validate` reads graph.file and its companion files as `run` does, so a bad graph is found
 * before a run is started: the same one-line message, exit 2, no stack trace. The oracle for
 * each case is run's own answer on the same scenario: validate must say exactly what run says.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tempDir } from '../helpers/cli';

const KARATE = fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'karate', 'karate.edges'), 'utf8');

const dir = tempDir();
function scenario(name: string, graph: Record<string, unknown>, files: Record<string, string>): string {
  const d = path.join(dir, name);
  fs.mkdirSync(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(d, f), text);
  const file = path.join(d, 'scenario.json');
  fs.writeFileSync(file, JSON.stringify({ name, days: 2, graph, population: { shares: { regular: 0.9, bulkSpammer: 0.1 } }, policy: { name: 'weekly-cap' } }));
  return file;
}

const CASES: Array<[string, Record<string, unknown>, Record<string, string>, RegExp]> = [
  ['one-id', { file: 'g.txt' }, { 'g.txt': '1 2\n3\n' }, /graph\.file line 2: expected two member ids/],
  ['no-edges', { file: 'g.txt' }, { 'g.txt': '# nothing\n5 5\n' }, /g\.txt has no edges \(only 1 self-loops\)/],
  ['missing', { file: 'nowhere.txt' }, {}, /nowhere\.txt/],
  ['archetypes', { file: 'g.txt', archetypesFile: 'a.csv' }, { 'g.txt': '1 2\n2 3\n', 'a.csv': 'member,archetype\n1,regular\n2,regular\n9,regular\n' }, /graph\.archetypesFile line 4: member "?9"? is not in graph\.file/],
  ['connections', { file: 'g.txt', connectionsFile: 'c.txt' }, { 'g.txt': '1 2\n2 3\n', 'c.txt': '1 7\n' }, /graph\.connectionsFile line 1: member "?7"? is not in graph\.file/],
];

test.each(CASES)('%s: validate exits 2 with run\'s one line, before anything is written', (name, graph, files, pattern) => {
  const file = scenario(name, graph, files);
  const v = cli(['validate', file]);
  expect(v.code).toBe(2);
  expect(v.stderr.trim().split('\n')).toHaveLength(1);
  expect(v.stderr).toMatch(pattern);
  expect(v.stderr).not.toMatch(/\n\s+at /);
  const out = path.join(dir, `out-${name}`);
  const r = cli(['run', file, '--out', out, '-q']);
  expect([r.code, r.stderr]).toEqual([2, v.stderr]);
});

test('a good graph file: validate prints the import summary run prints, and --print gives the members the graph fixes', () => {
  const file = scenario('karate', { file: 'karate.edges' }, { 'karate.edges': KARATE });
  const v = cli(['validate', file, '--print']);
  expect(v.code).toBe(0);
  expect(v.stderr).toMatch(/^invitesim: karate\.edges: 34 members, 78 edges .*\n.*valid scenario "karate"/);
  // 34 real members and the bulk spammers added beside them by the shares.
  const printed = JSON.parse(v.stdout);
  expect(printed.population.members).toBeGreaterThan(34);
  const r = cli(['run', file, '--out', path.join(dir, 'out-karate')]);
  expect(r.code).toBe(0);
  expect(r.stderr.split('\n')[0]).toBe(v.stderr.split('\n')[0]);
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'out-karate', 'results.json'), 'utf8')).scenario.population.members).toBe(printed.population.members);
  // members-map.csv: the file numbers its members 0..33, and whole-number ids are kept in ascending order, so each keeps its number.
  const map = fs.readFileSync(path.join(dir, 'out-karate', 'members-map.csv'), 'utf8').trim().split('\n');
  expect(map[0]).toBe('member,id');
  expect(map.slice(1)).toEqual(Array.from({ length: 34 }, (_, m) => `${m},${m}`));
});
