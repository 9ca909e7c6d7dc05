/**
 * features/ is on the policy side of the observation boundary: it imports only policies/ and
 * io/ (and itself), so the vectors a model learns from can hold nothing of the simulator's truth,
 * and the model policy, which imports it, still reaches nothing in sim/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const importsOf = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/(?:from|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);

/** Every local module a file reaches, following relative imports. */
function reach(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const i of importsOf(file)) {
    if (!i.startsWith('.')) continue;
    const base = path.resolve(path.dirname(file), i);
    const next = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
    if (next) reach(next, seen);
  }
  return seen;
}

test('features/ imports only policies/, io/ and itself', () => {
  const dir = path.join(ROOT, 'features');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(3);
  const leaks = files.flatMap((f) =>
    importsOf(path.join(dir, f))
      .filter((i) => i.startsWith('.'))
      .map((i) => path.relative(ROOT, path.resolve(dir, i)))
      .filter((p) => !/^(policies|io|features)\//.test(p))
      .map((p) => `${f} imports ${p}`),
  );
  expect(leaks).toEqual([]);
});

test('the model policy, with everything it imports, reaches nothing in sim/', () => {
  const reached = [...reach(path.join(ROOT, 'policies', 'builtin', 'model.ts'))].map((f) => path.relative(ROOT, f));
  expect(reached).toContain(path.join('features', 'accumulator.ts'));
  expect(reached.filter((f) => f.startsWith('sim'))).toEqual([]);
});
