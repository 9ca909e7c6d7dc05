/**
 * ImportedGraph: a who-knows-whom graph read from a user's file (io/graph-file.ts), the
 * topology a run builds its world on instead of generating one. Only the topology and what the
 * files said about members: whose email a member knows is still drawn per run (from the
 * scenario's `graph.emailKnownRate`), and fake accounts are added beside it per run.
 * Its arrays may live in SharedArrayBuffers so that every worker thread reads one copy.
 */
import type { Csr } from '../policies/platform/connection-graph';

export interface ImportedGraph {
  /** Members in the file (dense ids 0..real-1, numbered so that each community is a contiguous range). */
  readonly real: number;
  /** Symmetric CSR, each row sorted and free of self-loops and duplicates. */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  /** Community of each member (contiguous ranges), or 0 for all when none was asked for. */
  readonly community: Int32Array;
  /** Archetype index (ARCHETYPES order) of each member from `graph.archetypesFile`, or null: drawn by the scenario's shares. */
  readonly archetypes: Uint8Array | null;
  /** The platform's connections at the start (`graph.connectionsFile`), symmetric CSR over the same ids, or null. */
  readonly connections: Csr | null;
}

/** The shape of an imported graph, printed as its one summary line and kept in results. */
export interface ImportSummary {
  file: string;
  members: number;
  edges: number;
  selfLoops: number;
  duplicates: number;
  /** Degree quartiles: 25th, 50th, 75th percentile and the maximum. */
  degree: [number, number, number, number];
  components: number;
  largestComponent: number;
  /** Where communities came from: 'louvain', 'file' (a column of the archetypes file) or 'none'. */
  communities: 'louvain' | 'file' | 'none';
  communityCount: number;
  /** Connections at the start read from graph.connectionsFile, and how many join members who do not know each other. */
  connections: number | null;
  nonContactConnections: number | null;
  archetypesFromFile: boolean;
}

/** One line, e.g. "karate.snap: 34 members, 78 edges (0 self-loops, 0 duplicates dropped), degree 2/3/5 max 17, 1 component, communities: none". */
export function formatImportSummary(s: ImportSummary): string {
  const [q1, q2, q3, max] = s.degree;
  const comps = s.components === 1 ? '1 component' : `${s.components.toLocaleString('en-US')} components (largest ${s.largestComponent.toLocaleString('en-US')})`;
  const comm = s.communities === 'none' ? 'communities: none' : `communities: ${s.communityCount.toLocaleString('en-US')} (${s.communities})`;
  const conn = s.connections === null ? '' : `, ${s.connections.toLocaleString('en-US')} connections at start (${s.nonContactConnections!.toLocaleString('en-US')} between non-contacts)`;
  return (
    `${s.file}: ${s.members.toLocaleString('en-US')} members, ${s.edges.toLocaleString('en-US')} edges ` +
    `(${s.selfLoops.toLocaleString('en-US')} self-loops, ${s.duplicates.toLocaleString('en-US')} duplicates dropped), ` +
    `degree quartiles ${q1}/${q2}/${q3} max ${max}, ${comps}, ${comm}${conn}${s.archetypesFromFile ? ', archetypes from file' : ''}`
  );
}

/**
 * The imported graphs of this thread, by absolute file path: the CLI reads a file once and
 * registers it, and each worker registers the shared copy it is handed (workerData), so a run
 * finds its graph by the scenario's `graph.file` without the file being read again.
 */
const registry = new Map<string, ImportedGraph>();

export function registerImportedGraph(file: string, graph: ImportedGraph): void {
  registry.set(file, graph);
}

export function importedGraph(file: string): ImportedGraph {
  const g = registry.get(file);
  if (!g) throw new Error(`graph.file ${file} was not imported in this thread (the runner imports it before the runs start)`);
  return g;
}

/** The registered graphs, for the worker threads. */
export function importedGraphs(): Array<[string, ImportedGraph]> {
  return [...registry];
}
