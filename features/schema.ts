/**
 * The feature vector: what a model may learn from about a member, computed from the platform
 * view alone (docs/features.md). The order here is the contract: the model policy's input
 * column i, the exported file's feature column i and docs/features.md's row i are the same
 * feature. Append new features at the end, never reorder: a trained model reads by position.
 */
export interface FeatureDoc {
  name: string;
  unit: string;
  doc: string;
}

export const FEATURES: readonly FeatureDoc[] = Object.freeze([
  { name: 'invites_1d', unit: 'attempts', doc: 'invitation attempts (delivered or not) in the last day, in hourly buckets (the window is 23 to 24 hours)' },
  { name: 'invites_7d', unit: 'attempts', doc: 'invitation attempts in the last 7 days, in 6-hour buckets (the window is 6.75 to 7 days)' },
  { name: 'invites_total', unit: 'attempts', doc: 'invitation attempts since the log began' },
  { name: 'stranger_share', unit: 'share 0-1', doc: 'share of those attempts to a recipient with no visible tie at the time: no mutual connection, and neither in the other\'s uploaded address book (0 without attempts)' },
  { name: 'answered', unit: 'invitations', doc: 'delivered invitations answered accept, ignore or "I don\'t know"' },
  { name: 'accept_rate', unit: 'share 0-1', doc: 'accepts / answered (0 when none answered)' },
  { name: 'ignore_rate', unit: 'share 0-1', doc: 'ignores / answered (0 when none answered)' },
  { name: 'idk_rate', unit: 'share 0-1', doc: '"I don\'t know" answers / answered (0 when none answered)' },
  { name: 'accepts', unit: 'invitations', doc: 'invitations accepted (an accept refused by the connection cap is logged, and counted, as an ignore)' },
  { name: 'ignores', unit: 'invitations', doc: 'invitations ignored' },
  { name: 'idks', unit: 'invitations', doc: 'invitations answered "I don\'t know"' },
  { name: 'withdrawals', unit: 'invitations', doc: 'pending invitations the member withdrew' },
  { name: 'inmails', unit: 'messages', doc: 'InMails written while restricted, instead of an invitation' },
  { name: 'account_age_days', unit: 'days', doc: 'days since the account joined (fractional; from the log\'s joined_at, so older accounts than the log count their whole age)' },
  { name: 'photo', unit: '0 or 1', doc: '1 when the account has a profile photo' },
  { name: 'degree', unit: 'connections', doc: 'connections now' },
  { name: 'invitee_clustering', unit: 'share 0-1', doc: 'share of the pairs of the last 8 attempts\' recipients (pairs of the same member left out) connected to each other now (0 without such a pair)' },
  { name: 'invitee_mutual_mean', unit: 'connections', doc: 'mean, over the attempts, of the mutual connections sender and recipient had at the time, each counted up to 10 (0 without attempts)' },
]);

/** F: the width of a feature vector, and of a model's input. */
export const FEATURE_COUNT = FEATURES.length;

export const FEATURE_NAMES: readonly string[] = FEATURES.map((f) => f.name);

/** Markers around docs/features.md's feature table, which featureTable generates. */
export const FEATURE_TABLE_BEGIN = '<!-- features: generated from features/schema.ts (featureTable); edit FEATURES, not this table -->';
export const FEATURE_TABLE_END = '<!-- /features -->';

/** The Markdown table of the features, in order (docs/features.md holds it between the markers). */
export function featureTable(): string {
  return ['| column | feature | unit | meaning |', '|---|---|---|---|', ...FEATURES.map((f, i) => `| ${i} | \`${f.name}\` | ${f.unit} | ${f.doc.replace(/\|/g, '\\|')} |`)].join('\n');
}
