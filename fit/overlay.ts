/**
 * The fit as a scenario overlay (YAML): each field the log identifies with its estimate, its
 * 95% interval and what it rests on as the line's comment; then, as comments, the answer rates
 * by what the platform saw, the send-rate distributions, and what a log cannot identify (those
 * fields keep their defaults). The first line marks the file as invitesim's, so a later fit may
 * replace it and nothing else is ever overwritten.
 */
import YAML, { isScalar } from 'yaml';
import type { Interval } from './answers';
import { fmt, type FitResult } from './fit';

export const OVERLAY_MARKER = '# invitesim fit overlay';

/** Fields a log cannot identify, and why: listed in every overlay, their defaults kept. */
export const NOT_IDENTIFIABLE: ReadonlyArray<readonly [string, string]> = [
  ['response.accept.contact / fof / stranger, acquaintanceAccept', 'acceptance by how well the recipient knows the sender: the log shows connections, never who knows whom'],
  ['response.mutualBoost, mutualCap', 'the boost counts mutual contacts (truth), of which mutual connections are a part the log shows'],
  ['response.noteBoost, photoBoost, mistakenIdk, noteIdkEffect, photoIdkEffect, strangerIdk, acquaintanceIdk', 'effects within a relation the log cannot see; notes and photos go with archetypes and targets, so the answer rates above by note and photo are not their effects'],
  ['response.noResponse, dormantNoResponse, styles', 'the log shows one never-answer share (above); the model makes it from these three, weighted by who gets invited, which depends on who knows whom (on a seeded baseline the share is 13.2% where a uniform mix of recipients would give 12.9%)'],
  ['graph.*, population.initialConnectedShare, connectionGrowthDays, addressBookAcquaintances', 'who knows whom and how much of it is connected: connections alone do not separate them'],
  ['archetypes.*.sendsPerDay, rateSpread', 'the log shows invitations attempted; the model\'s rate counts the wish to send, and some wishes find nobody the platform lets the member invite (on a seeded baseline regular members attempt 0.138 a day at sendsPerDay 0.15), so the send rates above are lower bounds'],
  ['archetypes.*.targets, withdrawRate', 'whom a sender targets (contact, friend of a friend, stranger) and which of them it withdraws from are relations the log cannot see; withdrawn shares are below'],
  ['archetypes.*.importSize, takeover, adaptive, ring and fleet settings', 'the attackers\' strategies and import bursts: a log shows what they did under one policy, not the strategy'],
  ['population.shares, archetypes.*.label', 'who is abusive: the truth, which only labels hold'],
];

const round = (x: number) => (Math.abs(x) >= 100 ? +x.toFixed(1) : +x.toPrecision(4));
const range = (x: Interval) => `${round(x.low)}–${round(x.high)}`;
const pct = (x: Interval) => `${(100 * x.value).toFixed(1)}% (${(100 * x.low).toFixed(1)}–${(100 * x.high).toFixed(1)})`;

export function overlayYaml(fit: FitResult, source: { log: string; labels?: string; version: string }): string {
  const tree: Record<string, unknown> = {};
  for (const e of fit.estimates) {
    const keys = e.field.split('.');
    let o = tree;
    for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[keys[keys.length - 1]] = round(e.value);
  }
  const doc = new YAML.Document(tree);
  for (const e of fit.estimates) {
    const node = doc.getIn(e.field.split('.'), true);
    if (isScalar(node)) node.comment = ` 95% ${range(e)}: ${e.basis}`;
  }
  doc.commentBefore = [
    OVERLAY_MARKER.slice(1),
    ` Written by invitesim ${source.version} from ${source.log}${source.labels ? ` with labels ${source.labels}` : ''}: ${fmt(fit.members)} members, ${round(fit.days)} days, ${fmt(fit.invitations)} delivered invitations.`,
    ` Apply it: invitesim run <scenario> --overlay <this file> (add --set population.members=${fit.members} --set days=${Math.round(fit.days)} for the log's size).`,
    ' Each field: the estimate; its comment: the 95% interval and what it rests on. Fields not here keep the scenario\'s values.',
    ...(fit.warnings.length > 0 ? [' Warnings (defaults kept):', ...fit.warnings.map((w) => `   [${w.code}] ${w.field}: ${w.message}`)] : []),
  ].join('\n');
  doc.comment = [
    '',
    ` Answers as drawn at send time (accept / ignore / IDK / never), by what the platform saw of the pair, with`,
    ` 95% intervals, from the invitations sent ${fit.windowHours} h or more before the log's end (docs/fit.md). Not scenario`,
    ' fields: the model sets them through relations the log cannot see.',
    ...fit.answers.map((a) => `   ${a.label}: ${fmt(a.n)} of ${fmt(a.all)} invitations, ${fmt(a.withdrawn)} withdrawn; accept ${pct(a.accept)}, ignore ${pct(a.ignore)}, IDK ${pct(a.idk)}, never ${pct(a.none)}`),
    '',
    ' Send rates (invitations and InMails a day while active, outside imports; per label, and per archetype where the labels name them):',
    ...fit.sendRates.map((r) => `   ${r.label}: ${fmt(r.members)} members, mean ${round(r.mean.value)} (95% ${range(r.mean)}), log-normal spread ${round(r.sigma)}; p10 ${round(r.quantiles.p10)}, median ${round(r.quantiles.p50)}, p90 ${round(r.quantiles.p90)}`),
    ...(fit.withdrawDays ? [` Withdrawals: ${fmt(fit.withdrawDays.withdrawals)}, after ${round(fit.withdrawDays.median)} days (median; p10 ${round(fit.withdrawDays.p10)}, p90 ${round(fit.withdrawDays.p90)})`] : [' Withdrawals: none in the log']),
    '',
    ' Not identifiable from a log (defaults kept):',
    ...NOT_IDENTIFIABLE.map(([f, why]) => `   ${f}: ${why}`),
  ].join('\n');
  return `${doc.toString({ lineWidth: 0 }).trimEnd()}\n`;
}
