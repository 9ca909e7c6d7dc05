/**
 * The commands' defaults that `--help` states. They live apart from the commands so that the
 * program can describe every command while loading only the one it runs (cli/program.ts).
 */
import * as path from 'node:path';

/** Runs an attack search uses without --budget: minutes on the 20,000-member baseline on 2 cores. */
export const DEFAULT_BUDGET = 200;
export const DEFAULT_COMPARE_OUT = path.join('out', 'comparison');
export const DEFAULT_INIT_NAME = 'my-scenario';
export const DEFAULT_PORT = 8080;
export const DEFAULT_LOAD_CONCURRENCY = 32;
/** Long enough for connections to open and a JIT-compiled service to settle. */
export const DEFAULT_WARMUP = '5s';
