/**
 * InputError: bad input from a user (scenario file, CLI flag, plugin module, trace file).
 * Its message names the field and the fix; the CLI prints it alone and exits with code 2.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
