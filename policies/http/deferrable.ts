/**
 * deferrableTypes: the event types in which a built-in policy never restricts anyone. The
 * engine reads the ladder between any two policy calls, so a client may hold an event back
 * (and send it with the next request) only if it cannot change the ladder; the reference
 * server declares these per run and refuses a held-back event that restricts after all, so
 * a stale entry here fails a run loudly instead of changing its results.
 */
import type { PolicySpec } from '../definition';
import { DEFERRABLE_TYPES, type DeferrableType } from './protocol';

const ALL: readonly DeferrableType[] = DEFERRABLE_TYPES;

/** Built-ins by the callbacks that may restrict; a name missing here (or a plugin) defers nothing. */
const BY_NAME: Record<string, readonly DeferrableType[]> = {
  none: ALL,
  'weekly-cap': ALL,
  'burst-cap': ALL,
  'pending-cap': ALL,
  oracle: ALL,
  // These restrict on answers (IDKs, accept rates, score bumps); their onBlocked only counts.
  'idk-threshold': ['blocked'],
  'acceptance-ratio': ['blocked'],
  score: ['blocked'],
};

export function deferrableTypes(spec: PolicySpec): DeferrableType[] {
  if (spec.name === 'any-of' || spec.name === 'all-of') {
    // A combinator restricts (or votes) whenever any child does.
    const children = (spec.params.policies as PolicySpec[] | undefined) ?? [];
    return ALL.filter((t) => children.every((c) => deferrableTypes(c).includes(t)));
  }
  return spec.name !== undefined ? [...(BY_NAME[spec.name] ?? [])] : [];
}
