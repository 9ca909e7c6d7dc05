/**
 * The platform event log's schema (docs/log-format.md): one table, a row an event, in the
 * order the platform recorded them. Rows before the first event describe the platform when the
 * log starts (accounts, connections, address books). Shared by the writer (`run --events`) and
 * the reader (`backtest`), so the two cannot drift apart.
 */
export const LOG_SCHEMA_VERSION = 1;

/** Row kinds, by code (the code is the index). */
export const KINDS = [
  'member', // an account: joined_at (minutes, negative before the log starts), photo; at time max(0, joined_at)
  'connection', // member and other connected when the log starts (time 0)
  'address_book', // member uploaded an address book holding other's email (other -1: a book holding nobody on the platform)
  'invite', // member invited other: channel, note, verdict, delivered
  'accept',
  'ignore',
  'idk', // the recipient (other) answered member's invitation "I don't know"
  'withdraw', // member withdrew its pending invitation to other
  'inmail', // member, restricted and without other's address, wrote an InMail instead
  'restrict', // the ladder restricted member (temporarily)
  'permanent', // the ladder restricted member permanently
  'lift', // member's restriction lifted
  'lift_check', // the ladder considered lifting member's restriction (kept or lifted)
] as const;
export type Kind = (typeof KINDS)[number];
export const K = Object.fromEntries(KINDS.map((k, i) => [k, i])) as Record<Kind, number>;

export const CHANNELS = ['profile', 'import', 'email'] as const;
export const VERDICTS = ['allow', 'require_email', 'block'] as const;

/** Columns in file order; `required` ones a user's own log must have. */
export const COLUMNS = [
  { name: 'time', type: 'INT32', required: true, doc: 'minute from the start of the log' },
  { name: 'kind', type: 'STRING', required: true, doc: `one of ${KINDS.join(', ')}` },
  { name: 'member', type: 'INT32', required: true, doc: 'the acting member: sender, owner, the member restricted' },
  { name: 'other', type: 'INT32', required: false, doc: 'the other member: recipient, connection, address-book entry; -1 or empty when none' },
  { name: 'channel', type: 'STRING', required: false, doc: `invite: ${CHANNELS.join(', ')} (default profile)` },
  { name: 'note', type: 'BOOLEAN', required: false, doc: 'invite: carried a personal note (default false)' },
  { name: 'verdict', type: 'STRING', required: false, doc: `invite: the policy's verdict, ${VERDICTS.join(', ')}` },
  { name: 'delivered', type: 'BOOLEAN', required: false, doc: 'invite: whether the invitation went out (default true)' },
  { name: 'photo', type: 'BOOLEAN', required: false, doc: 'member: has a profile photo (default false)' },
  { name: 'joined_at', type: 'INT32', required: false, doc: 'member: minute the account joined (default: its row\'s time)' },
] as const;
export type ColumnName = (typeof COLUMNS)[number]['name'];

/** The labels file beside a log: truth, which the log itself never carries. */
export const LABEL_COLUMNS = ['member', 'archetype', 'label', 'abusive_from'] as const;

/** Key-value metadata of a log file (Parquet key-value metadata; a CSV log's `#` header line). */
export interface LogMeta {
  schemaVersion: number;
  members: number;
  /** Minutes the log covers. */
  horizon: number;
  reviewEveryMinutes: number;
  ladder: { coolDownHours: number; recheckHours: number; strikesToPermanent: number };
  scenario?: string;
  seed?: string;
  policy?: unknown;
}
