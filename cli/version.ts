/** invitesim's version, from package.json. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../scenarios/package-root';

export const VERSION: string = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version;
