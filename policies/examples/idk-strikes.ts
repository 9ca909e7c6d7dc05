/**
 * idk-strikes, in TypeScript: the same example plugin as idk-strikes.js (read its header for
 * the plugin contract). invitesim loads .ts plugins through jiti, which strips types
 * without checking them, so types are for your editor: type errors do not stop a run.
 * Type-only imports vanish at load time, so importing types from invitesim costs nothing
 * at runtime.
 *
 *   "policy": { "module": "./idk-strikes.ts", "params": { "idks": 5 } }
 */
import type { Policy, PolicyContext, ResponseKind, Verdict } from '../policy';

// Values from policies/policy.ts (a plugin need not import invitesim at runtime).
const ALLOW = 0;
const IDK = 2;

export const description = 'Restricts at the `idks`-th IDK answer over the whole history.';
export const defaults = { idks: 5 };

export function create(ctx: PolicyContext, params: Record<string, unknown>): Policy {
  const limit = params.idks as number;
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`params.idks must be a positive integer (got ${String(limit)})`);
  const idks = new Uint32Array(ctx.members);
  return {
    onInvite(): Verdict {
      return ALLOW;
    },
    onResponse(sender: number, _recipient: number, kind: ResponseKind, now: number): void {
      if (kind === IDK && ++idks[sender] >= limit) ctx.ladder.restrict(sender, now);
    },
    suspicious(member: number): boolean {
      return idks[member] >= limit;
    },
    score(member: number): number {
      return idks[member] / limit;
    },
  };
}
