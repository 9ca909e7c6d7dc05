/**
 * results.json text: top-level keys in a fixed order, one point / run / gate per line, so the
 * file streams out without one giant string and diffs line by line between runs.
 */
import type { ResultsFile } from './results';

const KEYS: Array<keyof ResultsFile> = ['schemaVersion', 'invitesimVersion', 'scenario', 'partial', 'points', 'runs', 'gates', 'baseline', 'meta'];

export function* resultsJson(results: ResultsFile): Generator<string> {
  yield '{\n';
  for (const [i, key] of KEYS.entries()) {
    const value = results[key];
    const sep = i < KEYS.length - 1 ? ',\n' : '\n';
    if (!Array.isArray(value) || value.length === 0) {
      yield `${JSON.stringify(key)}: ${JSON.stringify(value)}${sep}`;
      continue;
    }
    yield `${JSON.stringify(key)}: [\n`;
    for (const [j, item] of value.entries()) yield JSON.stringify(item) + (j < value.length - 1 ? ',\n' : '\n');
    yield `]${sep}`;
  }
  yield '}\n';
}
