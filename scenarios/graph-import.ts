/**
 * Reading a scenario's `graph.file` before its runs: the file is imported once (io/graph-file.ts),
 * registered for this thread (and handed to the workers), and the scenario's population set to
 * the graph's members plus the fake accounts its shares ask for beside them.
 */
import { importGraph, type GraphImport } from '../io/graph-file';
import { registerImportedGraph } from '../sim/imported-graph';
import { fakeMembersBeside } from '../sim/population';
import { deriveSeed } from '../sim/rng';
import type { Scenario } from './schema';

/** Imports the scenario's graph file, if it names one, and fixes population.members; null when it names none. */
export async function prepareGraph(scenario: Scenario): Promise<GraphImport | null> {
  const g = scenario.graph;
  if (g.file === undefined) return null;
  const sybil = scenario.population.shares.sybil > 0 && scenario.archetypes.sybil.communityShare > 0;
  const imported = await importGraph(
    { file: g.file, format: g.format, connectionsFile: g.connectionsFile, archetypesFile: g.archetypesFile, communities: g.communities },
    { needsCommunities: sybil, archetypes: scenario.archetypes, seed: hash(deriveSeed(scenario.seed, 'communities')) },
  );
  registerImportedGraph(g.file, imported.graph);
  scenario.population.members = imported.graph.real + fakeMembersBeside(imported.graph.real, scenario.population.shares, scenario.archetypes);
  return imported;
}

/** members-map.csv: each dense member id beside the id the graph file gave it. */
export function membersMapCsv(imported: GraphImport): string {
  const lines = ['member,id'];
  for (let m = 0; m < imported.graph.real; m++) lines.push(`${m},${csvField(imported.ids.name(m))}`);
  return `${lines.join('\n')}\n`;
}

/** FNV-1a of a seed's text: Louvain's generator takes a number. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
