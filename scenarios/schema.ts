/**
 * Scenario schema (zod): a scenario file is a name, a population, optional overrides of
 * any model default (per archetype, graph, response, ladder), a policy, and optionally a
 * sweep and gates. `resolveScenario` validates a file's object and fills every default;
 * its output is itself a valid scenario (resolution is idempotent), so results.json
 * carries a scenario anyone can re-run.
 */
import { z } from 'zod';
import { ARCHETYPES, RECIPIENT_STYLES, RESTRICTED_BEHAVIOURS, type ArchetypeName, type ArchetypeParams, type GraphParams, type InmailParams, type InvitationRules, type LadderParams, type NetworkParams, type PolicySpec, type ResponseParams } from '../sim/config';
import { DEFAULT_ARCHETYPES } from '../sim/archetypes';
import { DEFAULT_GRAPH, DEFAULT_INMAIL, DEFAULT_INVITATIONS, DEFAULT_LADDER, DEFAULT_NETWORK, DEFAULT_RESPONSE } from './defaults';
import { InputError } from '../sim/errors';
import { checkPolicyPopulation } from '../policies/registry';
import { attackSchema, type AttackBlock } from './attack';

const prob = z.number().min(0, 'must be a probability in [0, 1]').max(1, 'must be a probability in [0, 1]');
const rate = z.number().min(0, 'must be ≥ 0 (a rate)').finite();
const posInt = z.number().int('must be a whole number').min(1, 'must be ≥ 1');
const dayRange = z
  .strictObject({ from: z.number().min(0, 'must be ≥ 0 (a day)'), to: z.number().min(0, 'must be ≥ 0 (a day)') })
  .refine((r) => r.to >= r.from, { message: '`to` must be ≥ `from`' });

const SUM_TOLERANCE = 1e-6;
const mix = z
  .strictObject({ contact: prob, fof: prob, stranger: prob })
  .refine((m) => Math.abs(m.contact + m.fof + m.stranger - 1) < SUM_TOLERANCE, {
    message: 'contact + fof + stranger must sum to 1',
  });

export const archetypeSchema = z.strictObject({
  label: z.enum(['honest', 'abusive']),
  fake: z.boolean(),
  sendsPerDay: rate,
  rateSpread: rate,
  activeFrom: dayRange,
  targets: mix,
  noteRate: prob,
  photoRate: prob,
  withdrawRate: prob,
  withdrawAfterDays: rate,
  whenRestricted: z.enum(RESTRICTED_BEHAVIOURS),
  slowFactor: prob,
  strangerEmailRate: prob,
  importSize: rate,
  ringSize: z.number().int('must be a whole number').min(0, 'must be ≥ 0'),
  ringShare: prob,
  selfRejection: prob,
  communityShare: prob,
  takeover: z
    .strictObject({ from: z.number().min(0), to: z.number().min(0), sendsPerDay: rate, targets: mix, noteRate: prob })
    .refine((t) => t.to >= t.from, { message: '`to` must be ≥ `from`' })
    .nullable(),
  newcomer: z.boolean(),
  agedShare: prob,
  agedDays: z
    .strictObject({ min: z.number().min(1, 'must be ≥ 1 day (an aged account joined before the run)').max(36500, 'must be ≤ 36500 days'), max: z.number().max(36500, 'must be ≤ 36500 days') })
    .refine((r) => r.max >= r.min, { message: '`max` must be ≥ `min`' }),
  boughtConnections: z.number().int('must be a whole number').min(0, 'must be ≥ 0'),
  inmailShare: prob,
  adaptive: z.strictObject({ startWeekly: rate, step: rate, backoff: prob, memory: prob, scoutShare: prob, acceptTarget: prob.default(0) }).nullable(),
}) satisfies z.ZodType<ArchetypeParams>;

const graphFields = z.strictObject({
    meanDegree: z.number().min(1, 'must be ≥ 1'),
    degreeExponent: z.number().gt(1, 'must be > 1 (a tail exponent)'),
    minDegree: z.number().min(1, 'must be ≥ 1'),
    maxDegree: z.number().min(1, 'must be ≥ 1'),
    community: z.strictObject({ min: posInt, max: posInt, exponent: z.number().gt(0, 'must be > 0') }),
    mixing: prob,
    emailKnownRate: prob,
    file: z.string().min(1, 'must be a file path').optional(),
    format: z.enum(['snap', 'csv', 'graphml', 'gexf'], { error: () => 'must be one of snap, csv, graphml, gexf' }).optional(),
    connectionsFile: z.string().min(1, 'must be a file path').optional(),
    archetypesFile: z.string().min(1, 'must be a file path').optional(),
    communities: z.enum(['auto', 'louvain', 'file', 'none'], { error: () => 'must be one of auto, louvain, file, none' }).optional(),
});
export const graphSchema = graphFields
  .refine((g) => g.maxDegree >= g.minDegree, {
    message: 'maxDegree must be ≥ minDegree',
    path: ['maxDegree'],
  })
  .refine((g) => g.file !== undefined || (g.connectionsFile === undefined && g.archetypesFile === undefined && g.format === undefined), {
    message: 'goes with graph.file (the who-knows-whom graph to import); set graph.file too',
    path: ['file'],
  }) satisfies z.ZodType<GraphParams>;

const styles = z
  .strictObject(Object.fromEntries(RECIPIENT_STYLES.map((s) => [s, prob])) as Record<(typeof RECIPIENT_STYLES)[number], typeof prob>)
  .refine((s) => Math.abs(Object.values(s).reduce((a, b) => a + b, 0) - 1) < SUM_TOLERANCE, { message: 'recipient style shares must sum to 1' });

export const responseSchema = z.strictObject({
  accept: z.strictObject({ contact: prob, fof: prob, stranger: prob }),
  mutualBoost: prob,
  mutualCap: posInt,
  noteBoost: prob,
  photoBoost: prob,
  mistakenIdk: prob,
  noteIdkEffect: prob,
  photoIdkEffect: prob,
  strangerIdk: prob,
  acquaintanceAccept: prob,
  acquaintanceIdk: prob,
  noResponse: prob,
  dormantNoResponse: prob,
  meanDelayHours: z.number().gt(0, 'must be > 0 hours'),
  declineDelayHours: z.number().gt(0, 'must be > 0 hours'),
  styles,
}) satisfies z.ZodType<ResponseParams>;

const days = z.number().min(0, 'must be ≥ 0 days').finite();

export const networkSchema = z.strictObject({
  initialConnectedShare: prob,
  connectionGrowthDays: z.number().gt(0, 'must be > 0 days').finite(),
  maxAccountAgeDays: days,
  addressBookShare: prob,
  addressBookAcquaintances: z.number().min(0, 'must be ≥ 0 (acquaintances per contact)').finite(),
  connectionCap: posInt,
}) satisfies z.ZodType<NetworkParams>;

export const invitationsSchema = z.strictObject({
  reinviteAfterWithdrawDays: days,
  reinviteAfterIgnoreDays: days,
}) satisfies z.ZodType<InvitationRules>;

export const inmailSchema = z.strictObject({
  creditsPerMonth: z.number().int('must be a whole number').min(0, 'must be ≥ 0').max(255, 'must be ≤ 255 a month'),
}) satisfies z.ZodType<InmailParams>;

export const ladderSchema = z.strictObject({
  coolDownHours: z.number().min(0, 'must be ≥ 0 hours'),
  recheckHours: z.number().gt(0, 'must be > 0 hours'),
  strikesToPermanent: posInt,
}) satisfies z.ZodType<LadderParams>;

const archetypeName = z.enum(ARCHETYPES, { error: () => `must be an archetype: ${ARCHETYPES.join(', ')}` });

/** What a file may contain: every model section optional and partial. */
export const scenarioFileSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a file-name-safe word (letters, digits, . _ -)'),
  description: z.string().default(''),
  sources: z.array(z.string()).default([]),
  seed: z.union([z.number().int(), z.string()]).default(1),
  days: z.number().int('must be a whole number of days').min(1, 'must be ≥ 1 day').max(3650, 'must be ≤ 3650 days').default(30),
  replicates: posInt.default(1),
  commonRandomNumbers: z.boolean().default(false),
  population: z.strictObject({
    members: z.number().int('must be a whole number').min(2, 'must be ≥ 2').max(50_000_000, 'must be ≤ 50,000,000').optional(),
    shares: z.partialRecord(archetypeName, prob),
    ...networkSchema.partial().shape,
  }),
  archetypes: z.partialRecord(archetypeName, archetypeSchema.partial()).default({}),
  graph: graphFields.partial().default({}),
  response: responseSchema.partial().default({}),
  invitations: invitationsSchema.partial().default({}),
  inmail: inmailSchema.partial().default({}),
  ladder: ladderSchema.partial().default({}),
  reviewEveryMinutes: posInt.default(60),
  runTimeout: z.string().regex(/^\s*\d+(\.\d+)?\s*(ms|s|m|h)?\s*$/, 'must be a duration like 90s, 30m or 2h').optional(),
  policy: z.unknown(),
  sweep: z.record(z.string(), z.unknown()).default({}),
  expect: z.unknown().optional(),
  attack: attackSchema.optional(),
});

/** A scenario with every default filled in. */
export interface Scenario {
  $schema?: string;
  name: string;
  description: string;
  sources: string[];
  seed: number | string;
  days: number;
  replicates: number;
  /**
   * true: replicate r of every sweep point runs on the same seed (runner/plan.ts), so points are
   * compared on the same worlds and results carry paired differences (reports/paired.ts).
   */
  commonRandomNumbers: boolean;
  population: { members: number; shares: Record<ArchetypeName, number> } & NetworkParams;
  archetypes: Record<ArchetypeName, ArchetypeParams>;
  graph: GraphParams;
  response: ResponseParams;
  invitations: InvitationRules;
  inmail: InmailParams;
  ladder: LadderParams;
  reviewEveryMinutes: number;
  /** How long one run may take (e.g. "30m"); absent: scaled from members × days (runner/run-timeout.ts). */
  runTimeout?: string;
  policy: PolicySpec;
  sweep: Record<string, unknown>;
  expect?: unknown;
  /** Bounds of the strategy space `invitesim attack` searches (scenarios/attack.ts); absent: every default. */
  attack?: AttackBlock;
}

/** What to give for a required field whose schema has no type for zod to name. */
const REQUIRED_AS: Record<string, string> = {
  policy: 'a built-in name, or e.g. { "name": "weekly-cap", "params": { "cap": 100 } }; see `invitesim list`',
};
/** zod's names for types, in words a scenario author uses. */
const TYPE_WORDS: Record<string, string> = { record: 'an object', object: 'an object', array: 'a list', number: 'a number', string: 'a string', boolean: 'true or false' };

/** What to give for the missing field at `path`: its kind and, for an object, the fields it takes. */
function whatToGive(path: string, expected: string): string {
  if (REQUIRED_AS[path]) return REQUIRED_AS[path];
  const kind = TYPE_WORDS[expected] ?? expected;
  const keys = validKeys(path);
  return keys ? `${kind} with fields from: ${keys.join(', ')}` : kind;
}

/** Formats a zod failure as one message naming the field path, the rule and the value given. */
export function describeIssues(error: z.ZodError, input: unknown, prefix = ''): string {
  const [first] = error.issues;
  const path = [prefix, ...first.path.map(String)].filter(Boolean).join('.');
  const got = valueAt(input, first.path);
  let rule = first.message;
  if (first.code === 'unrecognized_keys') {
    const valid = validKeys(path);
    rule = `has unknown field${first.keys.length > 1 ? 's' : ''} ${first.keys.map((k) => `"${k}"`).join(', ')}${valid ? `; valid: ${valid.join(', ')}` : ''}`;
  }
  if (first.code === 'invalid_type' && got === undefined) rule = `is required (${whatToGive(path, first.expected)})`;
  // zod's own wording ("Invalid input: expected number, received string"), not a schema's message.
  else if (first.code === 'invalid_type' && first.message.startsWith('Invalid input')) {
    const want = first.expected === 'record' ? 'object' : first.expected === 'array' ? 'list' : first.expected;
    rule = `must be ${/^[aeiou]/.test(want) ? 'an' : 'a'} ${want}, not ${Array.isArray(got) ? 'a list' : got === null ? 'null' : `a ${typeof got}`}`;
  }
  const shown = got === undefined || typeof got === 'object' ? '' : ` (got ${JSON.stringify(got)})`;
  const more = error.issues.length > 1 ? ` [and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''}]` : '';
  return `${path || 'scenario'}: ${rule}${shown}${more}`;
}

/** The fields a scenario object may have at `path`, to suggest the right spelling. */
function validKeys(path: string): readonly string[] | undefined {
  if (path === '' || path === 'scenario') return Object.keys(scenarioFileSchema.shape);
  if (path === 'archetypes' || path === 'population.shares') return ARCHETYPES;
  if (/^archetypes\.\w+$/.test(path)) return Object.keys(archetypeSchema.shape);
  const sections: Record<string, readonly string[]> = {
    population: ['members', 'shares', ...Object.keys(networkSchema.shape)],
    invitations: Object.keys(invitationsSchema.shape),
    inmail: Object.keys(inmailSchema.shape),
    graph: Object.keys(graphFields.shape),
    response: Object.keys(responseSchema.shape),
    'response.styles': RECIPIENT_STYLES,
    ladder: Object.keys(ladderSchema.shape),
    attack: Object.keys(attackSchema.shape),
    'attack.targets': ['contact', 'fof', 'stranger'],
    'attack.adaptive': ['startWeekly', 'step', 'backoff', 'memory', 'scoutShare'],
  };
  return sections[path];
}

function withoutKeys(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown, prefix: string): T {
  const r = schema.safeParse(input);
  if (!r.success) throw new InputError(describeIssues(r.error, input, prefix));
  return r.data;
}

/** Validates a scenario object (from a file, or an already resolved one) and fills defaults. */
export function resolveScenario(input: unknown, resolvePolicy: (spec: unknown) => PolicySpec): Scenario {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new InputError('scenario: must be an object with at least "name", "population" and "policy"');
  const file = parseOrThrow(scenarioFileSchema, input, '');
  const shares = Object.fromEntries(ARCHETYPES.map((a) => [a, file.population.shares[a] ?? 0])) as Record<ArchetypeName, number>;
  const sum = Object.values(shares).reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > SUM_TOLERANCE) {
    throw new InputError(`population.shares: archetype shares must sum to 1 (got ${+sum.toFixed(6)}); adjust them, e.g. the "regular" share`);
  }
  // With an imported graph the file's members decide the population (scenarios/graph-import.ts sets it once the file is read).
  const members = file.population.members ?? (file.graph.file !== undefined ? 2 : undefined);
  if (members === undefined) throw new InputError('population.members: is required (a whole number ≥ 2), unless graph.file names a graph to import');
  const policy = resolvePolicy(file.policy);
  checkPolicyPopulation(policy, members);
  const archetypes = Object.fromEntries(
    ARCHETYPES.map((a) => [a, parseOrThrow(archetypeSchema, { ...DEFAULT_ARCHETYPES[a], ...file.archetypes[a] }, `archetypes.${a}`)]),
  ) as Record<ArchetypeName, ArchetypeParams>;
  for (const a of ARCHETYPES) {
    if (archetypes[a].agedShare > 0 && !archetypes[a].fake) {
      throw new InputError(`archetypes.${a}.agedShare: is ${archetypes[a].agedShare}, but ${a} accounts are real members, who already join in the past; aged accounts are fake ones (fake: true), so set it to 0`);
    }
  }
  return {
    ...(file.$schema ? { $schema: file.$schema } : {}),
    name: file.name,
    description: file.description,
    sources: file.sources,
    seed: file.seed,
    days: file.days,
    replicates: file.replicates,
    commonRandomNumbers: file.commonRandomNumbers,
    population: {
      members,
      shares,
      ...parseOrThrow(networkSchema, { ...DEFAULT_NETWORK, ...withoutKeys(file.population, ['members', 'shares']) }, 'population'),
    },
    archetypes,
    graph: parseOrThrow(graphSchema, { ...DEFAULT_GRAPH, ...file.graph }, 'graph'),
    response: parseOrThrow(responseSchema, { ...DEFAULT_RESPONSE, ...file.response }, 'response'),
    invitations: parseOrThrow(invitationsSchema, { ...DEFAULT_INVITATIONS, ...file.invitations }, 'invitations'),
    inmail: parseOrThrow(inmailSchema, { ...DEFAULT_INMAIL, ...file.inmail }, 'inmail'),
    ladder: parseOrThrow(ladderSchema, { ...DEFAULT_LADDER, ...file.ladder }, 'ladder'),
    reviewEveryMinutes: file.reviewEveryMinutes,
    ...(file.runTimeout !== undefined ? { runTimeout: file.runTimeout } : {}),
    policy,
    sweep: file.sweep,
    ...(file.expect !== undefined ? { expect: file.expect } : {}),
    ...(file.attack !== undefined ? { attack: file.attack } : {}),
  };
}
