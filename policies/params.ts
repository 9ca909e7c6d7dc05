/**
 * Param builders: each policy parameter is a zod schema carrying its default, a one-line
 * doc (shown by `invitesim list`) and one rule message, so an error reads
 * `policy.params.cap must be a positive integer (got -3)` whichever check failed.
 */
import { z } from 'zod';

/** A parameter's entry in `invitesim list`. */
export interface ParamDoc {
  name: string;
  default: unknown;
  description: string;
}

function rule(message: string) {
  return { error: message };
}

export function positiveInt(def: number, doc: string) {
  const m = rule('must be a positive integer');
  return z.number(m).int(m).positive(m).default(def).describe(doc);
}

export function nonNegativeNumber(def: number, doc: string) {
  const m = rule('must be a number >= 0');
  return z.number(m).min(0, m).default(def).describe(doc);
}

export function positiveNumber(def: number, doc: string) {
  const m = rule('must be a number > 0');
  return z.number(m).positive(m).default(def).describe(doc);
}

/** Any finite number (weights may be negative). */
export function finiteNumber(def: number, doc: string) {
  return z.number(rule('must be a finite number')).default(def).describe(doc);
}

export function fraction(def: number, doc: string) {
  const m = rule('must be a number in [0, 1]');
  return z.number(m).min(0, m).max(1, m).default(def).describe(doc);
}

export function optionalFraction(def: number | null, doc: string) {
  const m = rule('must be a number in [0, 1], or null to turn it off');
  return z.number(m).min(0, m).max(1, m).nullable().default(def).describe(doc);
}

/** Name, default and doc of every parameter of a policy's (strict object) schema. */
export function describeParams(schema: z.ZodObject<any>): ParamDoc[] {
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, s]) => {
    const def = (s as unknown as { _zod: { def: { defaultValue?: unknown } } })._zod.def;
    return { name, default: def.defaultValue, description: s.description ?? '' };
  });
}

export function boundedInt(def: number, min: number, max: number, doc: string) {
  const m = rule(`must be an integer from ${min} to ${max}`);
  return z.number(m).int(m).min(min, m).max(max, m).default(def).describe(doc);
}
