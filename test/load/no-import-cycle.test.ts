/**
 * reports/ renders load/'s files, so it imports load/; load/ must import nothing of reports/,
 * directly or through anything else, or the two folders import each other (issue 33: load's gate
 * metrics came from reports/gate-metrics, and its CI files used reports' escaping). The walk reads
 * every import of the sources (type-only ones too: they tie the folders as much for a reader), from
 * load/'s files outward, and looks for cycles among the modules either folder reaches.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/cli';

/** Module specifiers of `import … from`, `export … from`, side-effect imports, require() and import(). */
export function specifiers(source: string): string[] {
  const out: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of source.matchAll(re)) out.push(m[1]);
  return out;
}

/** The repository file a relative specifier names (x.ts or x/index.ts), or null for a package. */
function resolve(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const f of [`${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(f)) return f;
  return null;
}

/** Every source module reachable from `starts`, with its imports. */
function importGraph(starts: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const todo = [...starts];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (graph.has(file)) continue;
    const deps = specifiers(fs.readFileSync(file, 'utf8')).map((s) => resolve(file, s)).filter((f): f is string => f !== null);
    graph.set(file, deps);
    todo.push(...deps);
  }
  return graph;
}

/** Strongly connected components of more than one module, or one that imports itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

const inFolder = (folder: string) => (f: string) => path.relative(ROOT, f).split(path.sep)[0] === folder;
const filesOf = (folder: string) =>
  fs.readdirSync(path.join(ROOT, folder)).filter((f) => f.endsWith('.ts')).map((f) => path.join(ROOT, folder, f));
const rel = (f: string) => path.relative(ROOT, f);

describe('the import walk', () => {
  it('reads every kind of import a module may write', () => {
    const source = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      "export { c } from './c';",
      "export * from './d';",
      "import './e';",
      "const f = require('./f');",
      "const g = await import('./g');",
      "import {\n  h,\n  i,\n} from './h';",
    ].join('\n');
    expect(specifiers(source).sort()).toEqual(['../b', './a', './c', './d', './e', './f', './g', './h']);
  });

  it('sees reports/ importing load/ (so a walk that found nothing could not pass vacuously)', () => {
    const graph = importGraph(filesOf('reports'));
    const edges = [...graph].filter(([f]) => inFolder('reports')(f)).flatMap(([f, deps]) => deps.filter(inFolder('load')).map((d) => `${rel(f)} -> ${rel(d)}`));
    expect(edges).toEqual(expect.arrayContaining(['reports/write.ts -> load/output.ts', 'reports/gate-metrics.ts -> load/gates.ts']));
  });
});

describe('load/ and reports/', () => {
  it('load/ reaches no module of reports/, directly or through another folder', () => {
    const graph = importGraph(filesOf('load'));
    const paths: string[] = [];
    for (const [f, deps] of graph) for (const d of deps) if (inFolder('reports')(d)) paths.push(`${rel(f)} -> ${rel(d)}`);
    expect(paths).toEqual([]);
    expect(graph.size).toBeGreaterThan(filesOf('load').length);
  });

  it('no import cycle holds a module of either folder', () => {
    const graph = importGraph([...filesOf('load'), ...filesOf('reports')]);
    const touching = cycles(graph).filter((scc) => scc.some((f) => inFolder('load')(f) || inFolder('reports')(f)));
    expect(touching.map((scc) => scc.map(rel).sort())).toEqual([]);
  });
});
