/**
 * PolicyDefinition: a built-in policy as the registry knows it: its name, a one-line
 * description, a strict params schema (every param defaulted and documented) and a factory.
 */
import type { z } from 'zod';
import type { PolicySpec } from '../sim/config';
import type { PolicyFactory } from './policy';

/** Validates a nested policy spec (combinator children) at a field path; throws InputError. */
export type ChildResolver = (spec: unknown, path: string) => PolicySpec;

export interface PolicyDefinition {
  name: string;
  description: string;
  /** Strict: unknown keys are errors; every param has a default and a description. */
  params: z.ZodObject<any>;
  create: PolicyFactory;
  /** Combinators: validate the child specs inside already-parsed params. */
  resolveNested?(params: Record<string, unknown>, resolve: ChildResolver, path: string): Record<string, unknown>;
}
