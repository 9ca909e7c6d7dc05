/** `invitesim attack --help`'s text after the flags: the search, the attack block with its defaults, outputs, gates, exit codes. */
import { ATTACK_DEFAULTS } from '../scenarios/attack';

export function attackHelp(): string {
  const b = (x: readonly unknown[]) => `[${x.join(', ')}]`;
  const d = ATTACK_DEFAULTS;
  return `
The search: successive halving within --budget runs. Round 0 draws candidate strategies
from a stream seeded by the scenario seed (or --seed) and runs each once; each later round
keeps the more harmful half and doubles their replicates, until one is left. The scenario's
own attacker is candidate 0 and runs every round, so the best strategy is compared with it
on the same replicates. Run seeds come from (seed, candidate, replicate): results are the
same for any --threads. Honest members and the policy stay as the scenario has them; its
sweep is not used.

Harm (--objective): abusiveConnections (default) or abusiveDelivered per account of the
attacker archetype. Recall: the share of the attacker's accounts the policy restricted.
Worst-case recall: the policy's recall against the most harmful strategy of the final round.

Bounds come from the scenario's "attack" block (each [low, high]; defaults shown); only what
the archetype uses is searched:
  sendsPerDay ${b(d.sendsPerDay)} (log-uniform)   noteRate ${b(d.noteRate)}
  targets.contact / .fof / .stranger ${b(d.targets.fof)} each, drawn to sum to 1 (contact: real accounts only)
  withdrawRate ${b(d.withdrawRate)}   withdrawAfterDays ${b(d.withdrawAfterDays)}
  whenRestricted [${d.whenRestricted.join(', ')}]   slowFactor ${b(d.slowFactor)} (for "slow")
  sybil: ringSize ${b(d.ringSize)}, ringShare ${b(d.ringShare)}
  a probing archetype (adaptive): adaptive.startWeekly ${b(d.adaptive.startWeekly)}, .step ${b(d.adaptive.step)},
    .backoff ${b(d.adaptive.backoff)}, .memory ${b(d.adaptive.memory)}, .scoutShare ${b(d.adaptive.scoutShare)}
A taken-over account's sendsPerDay, targets and noteRate are its takeover block's.

Writes into --out: attack.csv (every candidate: round, parameters, replicates, harm and
recall with 95% CIs), attack.json, report.html, summary.md, runs.ndjson and manifest.json.
Gates: "expect": { "worstCaseRecall": ">= 0.5" } (or "ci_low >= 0.5") fails the search, exit 1.

Exit codes: 0 ok, 1 a worstCaseRecall gate failed, 2 bad input, 3 a run failed (the search
stops; finished runs kept, --resume retries), 130/143 stopped by SIGINT/SIGTERM (--resume continues).`;
}
