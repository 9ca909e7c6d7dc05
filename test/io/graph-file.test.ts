/**
 * Graph import: a real graph (Zachary's karate club, written once from networkx) loads with
 * networkx's own degree sequence; every format reads the same graph; bad files are one clear
 * InputError naming the file and line; arbitrary bytes never crash the parser.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { importGraph, type GraphFileSpec } from '../../io/graph-file';
import { DEFAULT_ARCHETYPES } from '../../sim/archetypes';
import { InputError } from '../../sim/errors';
import { tempDir } from '../helpers/cli';

const KARATE = path.join(__dirname, '..', '..', 'examples', 'karate', 'karate.edges');
const opts = { needsCommunities: false, archetypes: DEFAULT_ARCHETYPES, seed: 1 };
const load = (spec: GraphFileSpec, needsCommunities = false) => importGraph(spec, { ...opts, needsCommunities });

/** Degrees by original id, from a dense-id import. */
function degreesById(g: Awaited<ReturnType<typeof importGraph>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let m = 0; m < g.graph.real; m++) out[g.ids.name(m)] = g.graph.offsets[m + 1] - g.graph.offsets[m];
  return out;
}

/** networkx's karate club, as the oracle: its degree of each node, and the graph written as GraphML and GEXF. */
function networkx(dir: string): Record<string, number> {
  const script = `
import json, sys, networkx as nx
g = nx.karate_club_graph()
nx.write_graphml(g, sys.argv[1] + "/karate.graphml")
nx.write_gexf(g, sys.argv[1] + "/karate.gexf")
print(json.dumps({str(n): d for n, d in g.degree()}))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, dir], { encoding: 'utf8' }));
}

async function rejects(spec: GraphFileSpec, pattern: RegExp): Promise<void> {
  const e = await load(spec).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(InputError);
  expect((e as Error).message).toMatch(pattern);
}

describe('importGraph', () => {
  const dir = tempDir();
  let oracle: Record<string, number>;
  beforeAll(() => {
    oracle = networkx(dir);
  });

  test("the karate club loads with networkx's degree sequence: 34 members, 78 edges, one component", async () => {
    const g = await load({ file: KARATE });
    expect(g.summary).toMatchObject({ members: 34, edges: 78, selfLoops: 0, duplicates: 0, components: 1, largestComponent: 34 });
    expect(degreesById(g)).toEqual(oracle);
    expect(g.summary.degree[3]).toBe(Math.max(...Object.values(oracle)));
  });

  test('GraphML and GEXF (graphology parsers), CSV and gzip of each read the same graph', async () => {
    const csv = path.join(dir, 'karate.csv');
    const lines = fs.readFileSync(KARATE, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    fs.writeFileSync(csv, `weight,source,target\n${lines.map((l) => `1,${l.replace(' ', ',')}`).join('\n')}\n`);
    fs.writeFileSync(`${csv}.gz`, zlib.gzipSync(fs.readFileSync(csv)));
    fs.writeFileSync(path.join(dir, 'karate.edges.gz'), zlib.gzipSync(fs.readFileSync(KARATE)));
    for (const file of ['karate.graphml', 'karate.gexf', 'karate.csv', 'karate.csv.gz', 'karate.edges.gz']) {
      const g = await load({ file: path.join(dir, file) });
      expect([file, degreesById(g)]).toEqual([file, oracle]);
    }
  });

  test('self-loops and repeated edges (either direction) are dropped and counted; directed lines read as undirected', async () => {
    const f = path.join(dir, 'dups.txt');
    fs.writeFileSync(f, '# a comment\na b\nb a\na b\nc c\nb\tc\n\n');
    const g = await load({ file: f });
    expect(g.summary).toMatchObject({ members: 3, edges: 2, selfLoops: 1, duplicates: 2 });
  });

  test('Louvain communities, when the model needs them, make contiguous id ranges; the mapping keeps original ids', async () => {
    const g = await load({ file: KARATE }, true);
    expect(g.summary.communities).toBe('louvain');
    expect(g.summary.communityCount).toBeGreaterThanOrEqual(2);
    const c = g.graph.community;
    for (let m = 1; m < c.length; m++) expect(c[m] === c[m - 1] || c[m] === c[m - 1] + 1).toBe(true);
    expect(degreesById(g)).toEqual(oracle);
  });

  test('archetypes and communities from a file; connections at the start, counting those between non-contacts', async () => {
    const arch = path.join(dir, 'arch.csv');
    fs.writeFileSync(arch, `member,archetype,community\n${Object.keys(oracle).map((id) => `${id},${Number(id) < 10 ? 'recruiter' : 'regular'},${Number(id) % 2 ? 'odd' : 'even'}`).join('\n')}\n`);
    const conn = path.join(dir, 'conn.txt');
    fs.writeFileSync(conn, '0 1\n0 9\n');
    const g = await load({ file: KARATE, archetypesFile: arch, connectionsFile: conn });
    expect(g.summary).toMatchObject({ communities: 'file', communityCount: 2, connections: 2, nonContactConnections: 1, archetypesFromFile: true });
    const recruiter = Object.keys(DEFAULT_ARCHETYPES).indexOf('recruiter');
    for (let m = 0; m < 34; m++) expect(g.graph.archetypes![m] === recruiter).toBe(Number(g.ids.name(m)) < 10);
  });

  test.each([
    ['line.txt', '1 2\nlonely\n', {}, /graph\.file line 2: expected two member ids/],
    ['empty.txt', '# nothing\n', {}, /has no edges/],
    ['loops.txt', '1 1\n', {}, /has no edges \(only 1 self-loops\)/],
    ['noheader.csv', 'a,b\n1,2\n', {}, /line 1: the CSV header must name columns "source" and "target"/],
    ['blank.csv', 'source,target\n1,\n', {}, /line 2: target is empty/],
    ['weird.bin', '1 2\n', {}, /cannot tell the format.*set graph\.format/],
  ])('%s is refused with the line and the fix', async (name, text, extra, pattern) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    await rejects({ file: f, ...extra }, pattern);
  });

  test('a truncated gzip file, a missing file, an archetype that does not fit: one clear message', async () => {
    const gz = zlib.gzipSync(Buffer.from('1 2\n'.repeat(5000)));
    const f = path.join(dir, 'cut.snap.gz');
    fs.writeFileSync(f, gz.subarray(0, gz.length - 20));
    await rejects({ file: f }, /truncated or corrupt gzip/);
    await rejects({ file: path.join(dir, 'nope.snap') }, /does not exist/);
    const arch = path.join(dir, 'bad-arch.csv');
    fs.writeFileSync(arch, 'member,archetype\n0,sybil\n');
    await rejects({ file: KARATE, archetypesFile: arch }, /"sybil" is a fake-account archetype/);
    fs.writeFileSync(arch, 'member,archetype\n99,regular\n');
    await rejects({ file: KARATE, archetypesFile: arch }, /line 2: member "99" is not in graph\.file/);
    const conn = path.join(dir, 'bad-conn.txt');
    fs.writeFileSync(conn, '0 99\n');
    await rejects({ file: KARATE, connectionsFile: conn }, /graph\.connectionsFile line 1: member "99" is not in graph\.file/);
  });

  test('ids of every form (whole numbers, a leading zero, large, text) map to the members a brute-force reading finds, with their degrees', async () => {
    const id = fc.oneof(fc.nat({ max: 60 }).map(String), fc.constantFrom('017', '00', '1e3', 'x', 'node-7', '134217728', '999999999', '4294967296'));
    let i = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(id, id, fc.constantFrom(' ', '\t', '  ')), { minLength: 1, maxLength: 80 }), async (pairs) => {
        const f = path.join(dir, `ids-${i++}.txt`);
        fs.writeFileSync(f, pairs.map(([a, b, sep]) => `${a}${sep}${b}`).join('\n') + '\n');
        // The oracle: a Set of undirected pairs by name, self-loops dropped.
        const edges = new Set<string>();
        for (const [a, b] of pairs) if (a !== b) edges.add(a < b ? `${a} ${b}` : `${b} ${a}`);
        const degree: Record<string, number> = {};
        for (const [a, b] of pairs) degree[a] = degree[b] = 0;
        for (const e of edges) for (const m of e.split(' ')) degree[m]++;
        if (edges.size === 0) return rejects({ file: f }, /has no edges/);
        const g = await load({ file: f });
        expect(g.summary.edges).toBe(edges.size);
        expect(degreesById(g)).toEqual(degree);
      }),
      { numRuns: 200 },
    );
  });

  test('arbitrary bytes never crash the readers: each file is read or refused with an InputError; an accepted file round-trips', async () => {
    let i = 0;
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('snap', 'csv'), async (bytes, format) => {
        const f = path.join(dir, `fuzz-${i++}.${format === 'snap' ? 'txt' : 'csv'}`);
        fs.writeFileSync(f, bytes);
        try {
          const g = await load({ file: f });
          // Round trip: writing the imported edges back out and importing them again gives the same graph.
          const back = path.join(dir, `back-${i}.txt`);
          const out: string[] = [];
          for (let a = 0; a < g.graph.real; a++) for (let e = g.graph.offsets[a]; e < g.graph.offsets[a + 1]; e++) if (g.graph.targets[e] > a) out.push(`${a} ${g.graph.targets[e]}`);
          fs.writeFileSync(back, `${out.join('\n')}\n`);
          const h = await load({ file: back });
          expect(h.summary.edges).toBe(g.summary.edges);
          expect(h.graph.real).toBe(g.graph.real - isolatedIn(g));
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
        }
      }),
      { numRuns: 150 },
    );
  });
});

/** Members who were given only in self-loops: they have no edges, so an edge list cannot name them. */
function isolatedIn(g: Awaited<ReturnType<typeof importGraph>>): number {
  let n = 0;
  for (let m = 0; m < g.graph.real; m++) if (g.graph.offsets[m + 1] === g.graph.offsets[m]) n++;
  return n;
}
