/** The CLI's exit codes: CI scripts depend on them. */
export const EXIT_OK = 0;
/** A gate or baseline check failed. */
export const EXIT_GATE_FAILED = 1;
/** Bad input or usage. */
export const EXIT_BAD_INPUT = 2;
/** A run failed (finished results are kept). */
export const EXIT_RUN_FAILED = 3;
/** Stopped by SIGINT / SIGTERM, as shells report it (128 + signal); finished runs are kept, reports marked partial. */
export const EXIT_SIGNALLED: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };
