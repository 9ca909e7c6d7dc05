#!/usr/bin/env node
/** Entry point of the `invitesim` command (bin/invitesim.js and `npm start` run the compiled file). */
import { main } from './program';
import { ignoreClosedReader } from './io-errors';

ignoreClosedReader(process.stdout);
ignoreClosedReader(process.stderr);
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
