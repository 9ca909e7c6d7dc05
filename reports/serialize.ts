/**
 * results.json text: top-level keys in a fixed order, one point / run / gate per line, so the
 * file streams out without one giant string and diffs line by line between runs.
 */
import type { ResultsFile } from './results';

const KEYS: Array<keyof ResultsFile> = ['schemaVersion', 'invitesimVersion', 'scenario', 'partial', 'points', 'runs', 'gates', 'baseline', 'paired', 'meta', 'offline'];

export function* resultsJson(results: ResultsFile): Generator<string> {
  yield '{\n';
  // `offline` is only in a backtest's results, `paired` only where runs pair: otherwise the file has no such key.
  const keys = KEYS.filter((k) => results[k] !== undefined);
  for (const [i, key] of keys.entries()) {
    const value = results[key];
    const sep = i < keys.length - 1 ? ',\n' : '\n';
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
