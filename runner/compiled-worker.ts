import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The compiled worker `<name>.js` in `dir` (a module's __dirname). Worker threads run compiled
 * JavaScript; from TypeScript sources (ts-jest) there is none, and `who` says what to do.
 */
export function compiledWorker(dir: string, who: string, name = 'worker'): string {
  const file = path.join(dir, `${name}.js`);
  if (!fs.existsSync(file)) {
    throw new Error(`${who}: worker threads run compiled JavaScript and ${file} does not exist; run \`npm run build\` and use dist/ (tests: import from dist/ or spawn dist/cli/main.js)`);
  }
  return file;
}
