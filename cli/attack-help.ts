/** `invitesim attack --help`'s text after the flags: the search, the attack block with its defaults, outputs, gates, exit codes. */
import { ATTACK_DEFAULTS } from '../scenarios/attack';

export function attackHelp(): string {
  const b = (x: readonly unknown[]) => `[${x.join(', ')}]`;
  const d = ATTACK_DEFAULTS;
  return `
The search: an iterated race within at most --budget runs. Round 0 screens random
candidates (a sixteenth of the budget) once each; each later round breeds candidates next to
the most harmful and gives the leader one more replicate; a candidate whose harm can no
longer reach the leader's runs no more. The climb stops when three rounds in a row find no
new leader (or at a quarter of the budget); a last round runs the leader, the runner-up and
the scenario's own attacker (candidate 0) to the final replicates, so the best strategy is
compared with it on as many. Run seeds come from (seed, candidate, replicate): results are
the same for any --threads. Honest members and the policy stay as the scenario has them;
its sweep is not used.

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

Writes into --out: attack.csv (every candidate: round, parent, parameters, replicates, harm
and recall with 95% CIs), attack.json, report.html, summary.md, runs.ndjson and manifest.json.
Gates: "expect": { "worstCaseRecall": ">= 0.5" } (or "ci_low >= 0.5") fails the search, exit 1.

Exit codes: 0 ok, 1 a worstCaseRecall gate failed, 2 bad input, 3 a run failed (the search
stops; finished runs kept, --resume retries), 130/143 stopped by SIGINT/SIGTERM (--resume continues).`;
}
