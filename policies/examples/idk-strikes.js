/**
 * idk-strikes: an example invitesim policy plugin (JavaScript; idk-strikes.ts is the same in
 * TypeScript). It restricts a member at its `idks`-th "I don't know" answer counted over its
 * whole history: the historical rule (about five IDKs, and the platform requires the
 * recipient's email). The built-in `idk-threshold` with a window longer than the run makes the
 * same decisions; test/policies/plugins.test.ts holds them to it.
 *
 * Use it from a scenario (the path is relative to the scenario file):
 *   "policy": { "module": "./idk-strikes.js", "params": { "idks": 5 } }
 *
 * The contract (policies/policy.ts has the types):
 * - export `create(ctx, params)` returning a Policy: onInvite, onResponse and suspicious are
 *   required; score, review, onBlocked and warm (a read-only hint for speed) are optional.
 * - export `defaults` to declare params: invitesim rejects unknown params and params whose
 *   type differs from the default's, and fills in the defaults. (Or export `params`, a zod
 *   schema, for finer rules.) Check the rest in `create`: `invitesim validate` calls it once
 *   on a 2-member world, so a throw there is reported as bad input.
 * - Keep per-member state in typed arrays indexed by member id (0 .. ctx.members - 1) and
 *   allocate nothing per event: a run sends millions of events through these methods.
 * - Restrict with ctx.ladder.restrict(member, now); the ladder owns cool-downs and strikes
 *   and asks suspicious(member, now) before lifting a restriction.
 * - Be deterministic (no Math.random, no clock): runs must replay byte for byte.
 * - Throwing during a run fails that run (exit code 3) with your message, the member and the minute.
 */
'use strict';

// Values from policies/policy.ts (a plugin need not import invitesim).
const ALLOW = 0;
const IDK = 2;

exports.description = 'Restricts at the `idks`-th IDK answer over the whole history.';
exports.defaults = { idks: 5 };

exports.create = function create(ctx, params) {
  const limit = params.idks;
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`params.idks must be a positive integer (got ${limit})`);
  const idks = new Uint32Array(ctx.members);
  return {
    onInvite() {
      return ALLOW;
    },
    onResponse(sender, _recipient, kind, now) {
      if (kind === IDK && ++idks[sender] >= limit) ctx.ladder.restrict(sender, now);
    },
    suspicious(member) {
      return idks[member] >= limit;
    },
    score(member) {
      return idks[member] / limit;
    },
  };
};
