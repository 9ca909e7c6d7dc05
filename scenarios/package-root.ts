/** The package's root folder, found from this file whether it runs from source or from dist/. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('invitesim: package.json not found above ' + __dirname);
    dir = up;
  }
  return dir;
}
