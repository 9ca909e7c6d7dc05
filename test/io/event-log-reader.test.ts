/**
 * The log reader under fast-check: arbitrary bytes are read or refused with an InputError, never
 * a crash; a valid log written as CSV reads back row for row.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { readEventLog } from '../../io/event-log-reader';
import { KINDS } from '../../io/log-schema';
import { InputError } from '../../sim/errors';
import { tempDir } from '../helpers/cli';

const dir = tempDir();
let k = 0;

test('arbitrary bytes, plain or gzip, never crash the reader', async () => {
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 400 }), fc.string({ maxLength: 300 }).map((s) => Buffer.from(`time,kind,member,other\n${s}`))), fc.boolean(), async (bytes, gz) => {
      const f = path.join(dir, `fuzz-${k++}.csv${gz ? '.gz' : ''}`);
      fs.writeFileSync(f, gz ? zlib.gzipSync(bytes) : bytes);
      try {
        await readEventLog(f);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
      }
    }),
    { numRuns: 200 },
  );
});

const EVENT_KINDS = KINDS.filter((x) => !['member', 'connection', 'address_book'].includes(x));

test('a valid log round-trips: every row reads back with its time, kind, members and flags', async () => {
  const row = fc.record({
    dt: fc.nat({ max: 30 }),
    kind: fc.constantFrom(...EVENT_KINDS),
    member: fc.nat({ max: 9 }),
    other: fc.nat({ max: 9 }),
    channel: fc.constantFrom('profile', 'import', 'email'),
    note: fc.boolean(),
    delivered: fc.boolean(),
  });
  await fc.assert(
    fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 60 }), async (rows) => {
      let t = 0;
      const lines = ['time,kind,member,other,channel,note,delivered', '0,member,9,,,,'];
      const want = rows.map((r) => {
        t += r.dt;
        const invite = r.kind === 'invite';
        lines.push(`${t},${r.kind},${r.member},${r.other},${invite ? r.channel : ''},${invite ? r.note : ''},${invite ? r.delivered : ''}`);
        return { t, ...r };
      });
      const f = path.join(dir, `ok-${k++}.csv`);
      fs.writeFileSync(f, `${lines.join('\n')}\n`);
      const log = await readEventLog(f);
      expect(log.rows).toBe(rows.length + 1);
      expect(log.members).toBe(10);
      want.forEach((w, i) => {
        const j = i + 1;
        expect([log.time[j], KINDS[log.kind[j]], log.member[j], log.other[j]]).toEqual([w.t, w.kind, w.member, w.other]);
        if (w.kind === 'invite') expect([log.flags[j] & 3, (log.flags[j] & 4) !== 0, (log.flags[j] & 8) !== 0]).toEqual([['profile', 'import', 'email'].indexOf(w.channel), w.note, w.delivered]);
      });
    }),
    { numRuns: 100 },
  );
});
