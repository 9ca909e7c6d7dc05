/**
 * importGraph: a user's who-knows-whom graph from a file, for a run to build its world on
 * (scenario `graph.file`). Formats: `snap` (whitespace-separated pairs, `#` comments; directed
 * lines read as undirected), `csv` (a header naming `source` and `target`; other columns
 * ignored), `graphml` and `gexf` (graphology's parsers: the file is parsed whole, so for small
 * graphs), each also gzip-compressed. Edge files are streamed line by line. Ids of any form map
 * to dense member ids (members-map.csv writes the mapping back); self-loops and repeated edges
 * are dropped and counted. Optional beside it: the platform's connections at the start
 * (`graph.connectionsFile`, the same formats) and each member's archetype and community
 * (`graph.archetypesFile`, CSV `member,archetype[,community]`). Communities, where the model
 * needs them, come from that file's column or from Louvain; members are then renumbered so that
 * each community is a contiguous id range, as in generated graphs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { ARCHETYPES, type ArchetypeParams, type ArchetypeName } from '../sim/config';
import { InputError } from '../sim/errors';
import type { ImportedGraph, ImportSummary } from '../sim/imported-graph';
import { rowIndex, type Csr } from '../policies/platform/connection-graph';
import { EdgeList, buildCsr, components, degreeQuartiles, permuteCsr } from './edge-list';
import { IdTable } from './id-table';
import { checkReadable, excerpt, forEachLine, isGzip, splitCsv } from './lines';

export const GRAPH_FORMATS = ['snap', 'csv', 'graphml', 'gexf'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];
export const COMMUNITY_SOURCES = ['auto', 'louvain', 'file', 'none'] as const;
export type CommunitySource = (typeof COMMUNITY_SOURCES)[number];

/** The scenario's `graph` fields that name files (paths already absolute). */
export interface GraphFileSpec {
  file: string;
  format?: GraphFormat;
  connectionsFile?: string;
  archetypesFile?: string;
  communities?: CommunitySource;
}

export interface GraphImport {
  graph: ImportedGraph;
  summary: ImportSummary;
  /** Original id of each dense member id. */
  ids: IdTable;
}

/** The format a file's name implies (`.gz` looked through), or null. */
export function formatOf(file: string): GraphFormat | null {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (/\.(txt|snap|edges|edgelist|el)$/.test(name)) return 'snap';
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.graphml')) return 'graphml';
  if (name.endsWith('.gexf')) return 'gexf';
  return null;
}

function formatFor(file: string, given: GraphFormat | undefined, what: string): GraphFormat {
  const f = given ?? formatOf(file);
  if (f === null) throw new InputError(`${what}: cannot tell the format of ${path.basename(file)} from its name; set graph.format to one of ${GRAPH_FORMATS.join(', ')}`);
  return f;
}

/**
 * Reads the edges of `file`. Unless `known`, they go through `ids` into the list the table was
 * made with (`list`), whose ids the table's finish() then makes dense. With `known` set, they go
 * into `list` by the ids of the finished table, and an id not in it is an error (connections must
 * be between members of the knows graph).
 */
async function readEdges(file: string, format: GraphFormat, what: string, ids: IdTable, list: EdgeList, known: boolean): Promise<void> {
  const lookup = (raw: string, lineNo: number): number => {
    const d = ids.lookup(raw);
    if (d < 0) throw new InputError(`${what} line ${lineNo}: member ${excerpt(raw)} is not in graph.file; connections must join members of the who-knows-whom graph`);
    return d;
  };
  const add = (a: string, b: string, lineNo: number): void => {
    if (known) list.add(lookup(a, lineNo), lookup(b, lineNo));
    else ids.addEdge(a, 0, a.length, b, 0, b.length);
  };
  if (format === 'graphml' || format === 'gexf') {
    for (const [a, b] of await xmlEdges(file, format, what)) add(a, b, 0);
    return;
  }
  if (format === 'snap') {
    await forEachLine(file, what, (line, lineNo) => {
      const fields = twoFields(line);
      if (fields === 0) return;
      if (fields === 1) throw new InputError(`${what} line ${lineNo}: expected two member ids separated by white space, got ${excerpt(line)}; fix the line, or start it with # to make it a comment`);
      // Ids are read from the line in place: tens of millions of lines make no substrings.
      if (known) add(line.slice(FIELDS[0], FIELDS[1]), line.slice(FIELDS[2], FIELDS[3]), lineNo);
      else ids.addEdge(line, FIELDS[0], FIELDS[1], line, FIELDS[2], FIELDS[3]);
    });
    return;
  }
  let src = -1;
  let dst = -1;
  await forEachLine(file, what, (line, lineNo) => {
    if (line.trim() === '') return;
    const fields = splitCsv(line);
    if (fields === null) throw new InputError(`${what} line ${lineNo}: a quote is not closed in ${excerpt(line)}; close it or remove it`);
    if (src < 0) {
      const header = fields.map((h) => h.trim().toLowerCase());
      src = header.indexOf('source');
      dst = header.indexOf('target');
      if (src < 0 || dst < 0) throw new InputError(`${what} line 1: the CSV header must name columns "source" and "target" (got ${excerpt(line)}); add that header line`);
      return;
    }
    const a = fields[src]?.trim();
    const b = fields[dst]?.trim();
    if (!a || !b) throw new InputError(`${what} line ${lineNo}: ${!a ? 'source' : 'target'} is empty or missing in ${excerpt(line)}; every row needs both member ids`);
    add(a, b, lineNo);
  });
  if (src < 0) throw new InputError(`${what}: ${path.basename(file)} is empty; a CSV graph needs a header "source,target" and one row an edge`);
}

/** Where twoFields found the fields: start and end of the first, then of the second. */
const FIELDS = new Int32Array(4);

/**
 * How many of the first two white-space separated fields a line has (0 for a blank or comment
 * line), their bounds written into FIELDS.
 */
function twoFields(line: string): 0 | 1 | 2 {
  let i = 0;
  const n = line.length;
  while (i < n && isSpace(line.charCodeAt(i))) i++;
  if (i === n || line.charCodeAt(i) === 35 /* # */ || line.charCodeAt(i) === 37 /* % */) return 0;
  let j = i;
  while (j < n && !isSpace(line.charCodeAt(j))) j++;
  let k = j;
  while (k < n && isSpace(line.charCodeAt(k))) k++;
  FIELDS[0] = i;
  FIELDS[1] = j;
  if (k === n) return 1;
  let l = k;
  while (l < n && !isSpace(line.charCodeAt(l))) l++;
  FIELDS[2] = k;
  FIELDS[3] = l;
  return 2;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

/** GraphML and GEXF through graphology's parsers (whole file in memory: for small graphs). */
async function xmlEdges(file: string, format: 'graphml' | 'gexf', what: string): Promise<Array<[string, string]>> {
  checkReadable(file, what);
  let text: string;
  try {
    const bytes = fs.readFileSync(file);
    text = (isGzip(file) ? zlib.gunzipSync(bytes) : bytes).toString('utf8');
  } catch (e) {
    throw new InputError(`${what}: ${file} is a truncated or corrupt gzip file (${(e as Error).message})`);
  }
  // graphology is loaded only when a file needs it (GraphML, GEXF, Louvain): edge lists never pay for it.
  const Graph = require('graphology').MultiGraph;
  const parser = format === 'graphml' ? require('graphology-graphml') : require('graphology-gexf');
  let g: { forEachNode(fn: (n: string) => void): void; forEachEdge(fn: (e: string, attr: unknown, s: string, t: string) => void): void };
  try {
    g = parser.parse(Graph, text, { addMissingNodes: true });
  } catch (e) {
    throw new InputError(`${what}: ${path.basename(file)} is not valid ${format.toUpperCase()} (${(e as Error).message.split('\n')[0]})`);
  }
  const edges: Array<[string, string]> = [];
  g.forEachEdge((_e, _attr, s, t) => edges.push([s, t]));
  return edges;
}

/** Member and archetype columns of `graph.archetypesFile`, mapped to dense ids. */
async function readArchetypes(file: string, ids: IdTable, archetypes: Record<ArchetypeName, ArchetypeParams>): Promise<{ archetype: Uint8Array; community: Int32Array | null }> {
  const what = 'graph.archetypesFile';
  const n = ids.size;
  const archetype = new Uint8Array(n).fill(255);
  let community: Int32Array | null = null;
  const communityIds = new Map<string, number>();
  let cols: { member: number; archetype: number; community: number } | null = null;
  await forEachLine(file, what, (line, lineNo) => {
    if (line.trim() === '') return;
    const f = splitCsv(line);
    if (f === null) throw new InputError(`${what} line ${lineNo}: a quote is not closed in ${excerpt(line)}`);
    if (cols === null) {
      const h = f.map((x) => x.trim().toLowerCase());
      cols = { member: h.indexOf('member'), archetype: h.indexOf('archetype'), community: h.indexOf('community') };
      if (cols.member < 0 || cols.archetype < 0) throw new InputError(`${what} line 1: the header must name columns "member" and "archetype" (and optionally "community"), got ${excerpt(line)}`);
      if (cols.community >= 0) community = new Int32Array(n).fill(-1);
      return;
    }
    const id = f[cols.member]?.trim() ?? '';
    const m = ids.lookup(id);
    if (m < 0) throw new InputError(`${what} line ${lineNo}: member ${excerpt(id)} is not in graph.file; list only members of the graph`);
    const name = f[cols.archetype]?.trim() ?? '';
    const a = (ARCHETYPES as readonly string[]).indexOf(name);
    if (a < 0) throw new InputError(`${what} line ${lineNo}: archetype ${excerpt(name)} is not one of ${ARCHETYPES.join(', ')}`);
    if (archetypes[name as ArchetypeName].fake) {
      throw new InputError(`${what} line ${lineNo}: "${name}" is a fake-account archetype, which has no real-world contacts; fake accounts are added beside the graph by population.shares, so give real members honest or takeover archetypes`);
    }
    if (archetype[m] !== 255) throw new InputError(`${what} line ${lineNo}: member ${excerpt(id)} is listed twice`);
    archetype[m] = a;
    if (community !== null) {
      const c = f[cols.community]?.trim() ?? '';
      if (c === '') throw new InputError(`${what} line ${lineNo}: community is empty; give every member a community or drop the column`);
      let k = communityIds.get(c);
      if (k === undefined) communityIds.set(c, (k = communityIds.size));
      (community as Int32Array)[m] = k;
    }
  });
  if (cols === null) throw new InputError(`${what}: ${path.basename(file)} is empty; it needs a header "member,archetype" and a row a member`);
  const missing = archetype.indexOf(255);
  if (missing >= 0) throw new InputError(`${what}: member ${JSON.stringify(ids.name(missing))} of graph.file has no row; give every member of the graph an archetype`);
  return { archetype, community };
}

/** Louvain communities (graphology), seeded so that a graph's communities are the same on every run. */
function louvainCommunities(offsets: Int32Array, targets: Int32Array, n: number, seed: number): Int32Array {
  const { UndirectedGraph } = require('graphology');
  const louvain = require('graphology-communities-louvain');
  const g = new UndirectedGraph();
  for (let m = 0; m < n; m++) g.addNode(String(m));
  for (let a = 0; a < n; a++) for (let e = offsets[a]; e < offsets[a + 1]; e++) if (targets[e] > a) g.addEdge(String(a), String(targets[e]));
  let s = seed >>> 0 || 1;
  // A small xorshift: Louvain's visiting order is random, and a seeded one makes it repeatable.
  const rng = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const mapping: Record<string, number> = louvain(g, { rng });
  const out = new Int32Array(n);
  for (let m = 0; m < n; m++) out[m] = mapping[String(m)];
  return out;
}

/** New ids that make each community a contiguous range (communities in order of first member; members keep their order within). */
function contiguousOrder(community: Int32Array): { newId: Int32Array; community: Int32Array } {
  const n = community.length;
  const rank = new Map<number, number>();
  for (let m = 0; m < n; m++) if (!rank.has(community[m])) rank.set(community[m], rank.size);
  const size = new Int32Array(rank.size + 1);
  for (let m = 0; m < n; m++) size[rank.get(community[m])! + 1]++;
  for (let c = 0; c < rank.size; c++) size[c + 1] += size[c];
  const newId = new Int32Array(n);
  const renamed = new Int32Array(new SharedArrayBuffer(n * 4));
  for (let m = 0; m < n; m++) {
    const c = rank.get(community[m])!;
    newId[m] = size[c]++;
    renamed[newId[m]] = c;
  }
  return { newId, community: renamed };
}

/** A table of original ids under new dense ids. */
class Renumbered extends IdTable {
  constructor(
    private readonly inner: IdTable,
    private readonly oldId: Int32Array,
    private readonly newId: Int32Array,
  ) {
    super('graph.file');
    this.size = inner.size;
  }
  override name(d: number): string {
    return this.inner.name(this.oldId[d]);
  }
  override lookup(id: string): number {
    const d = this.inner.lookup(id);
    return d < 0 ? -1 : this.newId[d];
  }
}

export interface ImportOptions {
  /** Whether the scenario's model uses communities (sybil rings' community targeting). */
  needsCommunities: boolean;
  archetypes: Record<ArchetypeName, ArchetypeParams>;
  /** Seeds Louvain's visiting order. */
  seed: number;
}

export async function importGraph(spec: GraphFileSpec, opts: ImportOptions): Promise<GraphImport> {
  const format = formatFor(spec.file, spec.format, 'graph.format');
  const list = new EdgeList();
  const ids0 = new IdTable('graph.file', list);
  await readEdges(spec.file, format, 'graph.file', ids0, list, false);
  ids0.finish();
  const n = ids0.size;
  const selfLoops = list.selfLoops;
  if (list.length === 0) {
    throw new InputError(`graph.file: ${path.basename(spec.file)} has no edges${selfLoops ? ` (only ${selfLoops} self-loops)` : ''}; a who-knows-whom graph needs at least one pair of members who know each other`);
  }
  if (n < 2) throw new InputError('graph.file: fewer than 2 members; a graph needs at least two');
  let { offsets, targets, duplicates, edges } = buildCsr(list, n);

  const fromFile = spec.archetypesFile ? await readArchetypes(spec.archetypesFile, ids0, opts.archetypes) : null;
  const source = spec.communities ?? 'auto';
  if (source === 'file' && !fromFile?.community) throw new InputError('graph.communities: "file" takes communities from a "community" column of graph.archetypesFile, which has none; add the column or use "louvain"');
  const kind: ImportSummary['communities'] =
    source === 'auto' ? (fromFile?.community ? 'file' : opts.needsCommunities ? 'louvain' : 'none') : source === 'file' ? 'file' : source;
  let ids = ids0;
  let community: Int32Array;
  let archetype = fromFile?.archetype ?? null;
  let communityCount = 1;
  if (kind === 'none') community = new Int32Array(new SharedArrayBuffer(n * 4));
  else {
    const found = kind === 'file' ? fromFile!.community! : louvainCommunities(offsets, targets, n, opts.seed);
    const order = contiguousOrder(found);
    ({ offsets, targets } = permuteCsr(offsets, targets, order.newId));
    community = order.community;
    communityCount = n === 0 ? 0 : community[n - 1] + 1;
    const oldId = new Int32Array(n);
    for (let m = 0; m < n; m++) oldId[order.newId[m]] = m;
    ids = new Renumbered(ids0, oldId, order.newId);
    if (archetype !== null) {
      const moved = new Uint8Array(n);
      for (let m = 0; m < n; m++) moved[order.newId[m]] = archetype[m];
      archetype = moved;
    }
  }
  if (archetype !== null) {
    const shared = new Uint8Array(new SharedArrayBuffer(n));
    shared.set(archetype);
    archetype = shared;
  }

  let connections: Csr | null = null;
  let nonContact: number | null = null;
  let connectionCount: number | null = null;
  if (spec.connectionsFile) {
    const cl = new EdgeList('graph.connectionsFile');
    const cf = formatFor(spec.connectionsFile, undefined, 'graph.connectionsFile');
    await readEdges(spec.connectionsFile, cf, 'graph.connectionsFile', ids, cl, true);
    const c = buildCsr(cl, n);
    connections = { offsets: c.offsets, targets: c.targets };
    connectionCount = c.edges;
    nonContact = 0;
    for (let a = 0; a < n; a++) for (let e = c.offsets[a]; e < c.offsets[a + 1]; e++) if (c.targets[e] > a && rowIndex({ offsets, targets }, a, c.targets[e]) < 0) nonContact++;
  }

  const comps = components(offsets, targets, n);
  const summary: ImportSummary = {
    file: path.basename(spec.file),
    members: n,
    edges,
    selfLoops,
    duplicates,
    degree: degreeQuartiles(offsets, n),
    components: comps.count,
    largestComponent: comps.largest,
    communities: kind,
    communityCount: kind === 'none' ? 0 : communityCount,
    connections: connectionCount,
    nonContactConnections: nonContact,
    archetypesFromFile: archetype !== null,
  };
  return { graph: { real: n, offsets, targets, community, archetypes: archetype, connections }, summary, ids };
}
