/** The message of the InputError that `fn` throws; fails the test if it throws anything else or nothing. */
import { InputError } from '../../sim/errors';

export function inputErrorMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}
