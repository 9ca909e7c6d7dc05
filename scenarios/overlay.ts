/**
 * Scenario overlays: a YAML or JSON file holding some of a scenario's fields (what `invitesim
 * fit` writes), laid over a scenario with `run <scenario> --overlay <file>`. Each leaf is set as
 * `--set` would set it, then the whole is validated again by the scenario schema, so a field the
 * scenario has not, or a value out of range, is one message naming the overlay file and the field.
 */
import * as fs from 'node:fs';
import { InputError } from '../sim/errors';
import { checkReadable } from '../io/lines';
import { parseScenarioText, withOverrides } from './load';
import type { Scenario } from './schema';

/** The overlay's leaves as path=value pairs (lists and non-objects are leaves). */
export function overlaySets(overlay: unknown, file: string): Array<[string, unknown]> {
  if (overlay === null || typeof overlay !== 'object' || Array.isArray(overlay)) {
    throw new InputError(`--overlay ${file}: must be an object of scenario fields, e.g. "response: { meanDelayHours: 24 }"`);
  }
  const sets: Array<[string, unknown]> = [];
  const walk = (o: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      const p = prefix ? `${prefix}.${k}` : k;
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, p);
      else sets.push([p, v]);
    }
  };
  walk(overlay as Record<string, unknown>, '');
  return sets;
}

export function applyOverlayFile(scenario: Scenario, file: string): Scenario {
  checkReadable(file, '--overlay', '');
  const raw = parseScenarioText(fs.readFileSync(file, 'utf8'), file);
  try {
    return withOverrides(scenario, overlaySets(raw, file), `--overlay ${file}:`);
  } catch (e) {
    // A value the schema refuses is named by its field; say which file it came from.
    if (e instanceof InputError && !e.message.startsWith('--overlay')) throw new InputError(`--overlay ${file}: ${e.message}`);
    throw e;
  }
}
