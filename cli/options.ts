/** Checks of CLI flag values: each failure names the flag and what it takes. */
import { InputError } from '../sim/errors';

export function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new InputError(`${flag} must be a positive integer (got "${value}")`);
  }
  return n;
}

/** A seed is an integer or any other string (the scenario's own seed is either). */
export function parseSeed(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new InputError('--seed must not be empty');
  return /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : value;
}
