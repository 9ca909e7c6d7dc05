/**
 * The files `run` writes for an imported graph and for `--events`, beside the reports: the
 * member-id mapping and the events/ folder. Removed on a fresh run only by their own names, so
 * nothing a user put there is touched.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EVENTS_DIR } from '../runner/event-files';

export const MEMBERS_MAP_FILE = 'members-map.csv';
/** `backtest`'s files: its results, one row a sweep point, each point's restrictions, and the summary. */
export const BACKTEST_JSON = 'backtest.json';
export const BACKTEST_FILES = [BACKTEST_JSON, 'backtest.csv', 'backtest-restrictions.csv', 'backtest.md'];

/** What invitesim writes in events/ (and its temporary names while writing). */
const OWN_EVENT_FILE = /^(run-\d+\.(parquet|csv\.gz)|labels-\d+\.csv)(\.tmp)?$/;

export function removeEventLogs(dir: string): void {
  const events = path.join(dir, EVENTS_DIR);
  if (!fs.existsSync(events)) return;
  for (const name of fs.readdirSync(events)) if (OWN_EVENT_FILE.test(name)) fs.rmSync(path.join(events, name), { force: true });
  if (fs.readdirSync(events).length === 0) fs.rmdirSync(events);
}
