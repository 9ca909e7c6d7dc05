/**
 * InputError: bad input from a user (scenario file, CLI flag, plugin module, trace file,
 * request). Its message names the field and the fix; the CLI prints it alone and exits with
 * code 2. It lives on the policies/ side because policies validate their own params and
 * uploads, and policies/ imports nothing from sim/; sim/errors re-exports it.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
