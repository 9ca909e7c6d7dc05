/**
 * fit/ reads what a platform has (io/: the log, the labels) and the model's declared defaults,
 * never the engine: the fit must work on a log invitesim did not write, so it cannot lean on
 * how the engine produced one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const FIT = path.join(__dirname, '..', '..', 'fit');
/** The only modules of sim/ it may read: the archetype names and defaults, and the error type. */
const ALLOWED_SIM = new Set(['../sim/config', '../sim/archetypes', '../sim/errors']);

test('fit/ imports io/, scenarios/ defaults, reports/stats and sim/ configuration only', () => {
  const imports = fs
    .readdirSync(FIT)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...fs.readFileSync(path.join(FIT, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => [f, m[1]]));
  expect(imports.length).toBeGreaterThan(10);
  const engine = imports.filter(([, m]) => m.startsWith('../sim/') && !ALLOWED_SIM.has(m));
  expect(engine).toEqual([]);
  const others = imports.filter(([, m]) => m.startsWith('../') && !/^\.\.\/(io|sim|scenarios\/defaults|reports\/stats|policies\/policy)\b/.test(m));
  expect(others).toEqual([]);
});
