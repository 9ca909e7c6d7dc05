#!/usr/bin/env node
/** Entry point of the `invitesim` command (bin/invitesim.js and `npm start` run the compiled file). */
import { main } from './program';
import { ignoreClosedReaders } from './io-errors';

ignoreClosedReaders();
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
