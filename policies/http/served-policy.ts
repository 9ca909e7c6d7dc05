/**
 * resolveServedPolicy: the policy specs a service accepts, from its operator or in a
 * client's `POST /runs`: built-ins, combinators of built-ins included. Checked before
 * resolving, which would load a plugin file: a client must not make the server run code
 * from a path it names.
 */
import type { PolicySpec } from '../definition';
import { InputError } from '../input-error';
import { resolvePolicySpec } from '../registry';

export function resolveServedPolicy(spec: unknown, path = 'policy'): PolicySpec {
  if (namesNonBuiltin(spec)) throw new InputError(`${path} must be a built-in policy (see \`invitesim list\`): a service runs no plugin files nor other services`);
  return resolvePolicySpec(spec, process.cwd(), path);
}

function namesNonBuiltin(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (!Array.isArray(v) && ('module' in v || 'http' in v)) return true;
  return Object.values(v).some(namesNonBuiltin);
}
