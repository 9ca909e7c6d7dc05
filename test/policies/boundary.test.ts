/**
 * The observation boundary, in the source: policies/ imports nothing from sim/ (a policy
 * can only know what the platform view gives it), and of the built-ins only the oracle
 * imports the ground-truth channel.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '../../policies');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|js)$/.test(e.name) ? [p] : [];
  });
}

const importsOf = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/(?:from|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);

describe('the observation boundary', () => {
  const files = sources(root);

  it('has policy sources to check', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it('policies/ imports nothing from sim/', () => {
    const leaks = files.flatMap((f) =>
      importsOf(f)
        .filter((i) => i.startsWith('.') && path.resolve(path.dirname(f), i).startsWith(path.join(root, '../sim')))
        .map((i) => `${path.relative(root, f)} imports ${i}`),
    );
    expect(leaks).toEqual([]);
  });

  it('only the oracle among the built-ins imports the ground-truth channel', () => {
    const builtins = sources(path.join(root, 'builtin'));
    const readers = builtins.filter((f) => importsOf(f).some((i) => path.resolve(path.dirname(f), i) === path.join(root, 'truth')));
    expect(readers.map((f) => path.basename(f))).toEqual(['oracle.ts']);
  });
});
