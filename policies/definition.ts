/**
 * PolicyDefinition: a built-in policy as the registry knows it: its name, a one-line
 * description, a strict params schema (every param defaulted and documented) and a factory.
 */
import type { z } from 'zod';
import type { HttpPolicyOptions } from './http/spec';
import type { Policy, PolicyContext, PolicyFactory } from './policy';
import type { GroundTruth } from './truth';

/** A scenario's `policy` field once validated: a built-in by name, a plugin module, or a policy service. */
export interface PolicySpec {
  name?: string;
  module?: string;
  /** A policy service to call over HTTP instead of an in-process policy (policies/http). */
  http?: HttpPolicyOptions;
  params: Record<string, unknown>;
}

/** Validates a nested policy spec (combinator children) at a field path; throws InputError. */
export type ChildResolver = (spec: unknown, path: string) => PolicySpec;

/**
 * A built-in's exact rule in words, enough to write a service that equals it (docs/http.md
 * holds the table, generated from these by `policyRuleTable`).
 */
export interface PolicyRule {
  /** When it restricts, and the verdict an invitation gets. */
  restricts: string;
  /** When `suspicious` answers true, which keeps a restriction at its lift check (false lifts). */
  suspicious: string;
  /** What `score` returns, or that there is none. */
  score: string;
}

export interface PolicyDefinition {
  name: string;
  description: string;
  /** Every built-in has one; a plugin may leave it out. */
  rule?: PolicyRule;
  /** Strict: unknown keys are errors; every param has a default and a description. */
  params: z.ZodObject<any>;
  create: PolicyFactory;
  /**
   * Set by the oracle alone: the factory that also takes ground truth. The registry hands
   * truth to no policy without it, so a policy reads labels only by declaring so here.
   */
  createWithTruth?(ctx: PolicyContext, params: Record<string, unknown>, truth: GroundTruth): Policy;
  /**
   * Checks parsed params against the population size when the scenario is validated (before
   * any run), throwing an InputError that names `${path}.params.<field>`: e.g. a graph
   * detector's seed count larger than the population.
   */
  checkPopulation?(params: Record<string, unknown>, members: number, path: string): void;
  /**
   * Params that name files (the model policy's `file`): made absolute against the scenario's
   * folder (`baseDir`) and checked when the scenario is validated, before any run; an
   * InputError names `${path}.params.<field>`.
   */
  resolveFiles?(params: Record<string, unknown>, baseDir: string, path: string): Record<string, unknown>;
  /** Combinators: validate the child specs inside already-parsed params. */
  resolveNested?(params: Record<string, unknown>, resolve: ChildResolver, path: string): Record<string, unknown>;
}

/** Markers around the generated table in docs/http.md. */
export const RULE_TABLE_BEGIN = '<!-- policy-rules: generated from the policy definitions (policyRuleTable); edit the `rule` fields, not this table -->';
export const RULE_TABLE_END = '<!-- /policy-rules -->';

/** The Markdown table of the definitions' rules, one row each (docs/http.md holds it between the markers). */
export function policyRuleTable(defs: readonly PolicyDefinition[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = defs
    .filter((d) => d.rule)
    .map((d) => `| \`${d.name}\` | ${cell(d.rule!.restricts)} | ${cell(d.rule!.suspicious)} | ${cell(d.rule!.score)} |`);
  return ['| policy | restricts when | `suspicious` answers true (the restriction stays) when | `score` |', '|---|---|---|---|', ...rows].join('\n');
}
