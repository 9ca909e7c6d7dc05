/**
 * `invitesim fit` on input it cannot use whole: a log without the columns an estimate needs, or
 * too short for it (a named warning, the default kept, never a silent default), a log with no
 * invitations, labels that belong to another log (exit 2), an --out file invitesim did not
 * write (never overwritten); and `run --overlay` with a field the scenario has not (exit 2).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { cli, tempDir } from '../helpers/cli';

const dir = tempDir();
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};

/** A small user log in the minimal schema and more: `members` accounts inviting each other, every third accepted after 90 minutes, others ignored after 2 days. */
function userLog(members: number, header: string, row: (t: number, kind: string, m: number, o: number) => string): string {
  const lines = [header];
  for (let m = 0; m < members; m++) lines.push(row(0, 'member', m, -1));
  const events: Array<[number, string, number, number]> = [];
  for (let m = 0; m < members; m++) {
    for (let k = 1; k <= 3; k++) {
      const o = (m + k) % members;
      const t = 60 * (m * 3 + k);
      events.push([t, 'invite', m, o]);
      events.push(k === 1 ? [t + 90, 'accept', m, o] : [t + 2880, 'ignore', m, o]);
    }
  }
  events.sort((a, b) => a[0] - b[0]);
  for (const [t, kind, m, o] of events) lines.push(row(t, kind, m, o));
  return `${lines.join('\n')}\n`;
}

const minimal = (members: number) => userLog(members, 'time,kind,member,other', (t, k, m, o) => `${t},${k},${m},${k === 'member' ? '' : o}`);

describe('invitesim fit: bad input', () => {
  test('--help names the command and its flags; without --out it is exit 2 saying so', () => {
    const all = cli(['--help']);
    expect(all.stdout).toMatch(/fit \[options\] <log>/);
    const help = cli(['fit', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--labels <file>', '--out <file>', '--force', 'too-few-accepts', 'docs/fit.md']) expect(help.stdout).toContain(flag);
    const r = cli(['fit', file('help.csv', minimal(8))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fit: --out <overlay\.yaml> is required/);
  });

  test('a log too short for the delays: named warnings, defaults kept and said, exit 0', () => {
    const log = file('short.csv', minimal(8));
    const out = path.join(dir, 'short.yaml');
    const r = cli(['fit', log, '--out', out, '-q']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning \[too-few-accepts\] response\.meanDelayHours: only \d+ accepts .*the default 30 is kept/);
    expect(r.stderr).toMatch(/warning \[too-few-declines\] response\.declineDelayHours: .*the default 120 is kept/);
    // A minimal log has no joined_at: which members are established cannot be told, and it says so.
    expect(r.stderr).toMatch(/warning \[missing-column\] population\.addressBookShare: the log has no joined_at column/);
    expect(r.stderr).toMatch(/warning \[no-labels\]/);
    const text = fs.readFileSync(out, 'utf8');
    const overlay = YAML.parse(text) ?? {};
    expect(overlay.response).toBeUndefined();
    expect(overlay.population).toBeUndefined();
    expect(text).toContain('[too-few-accepts] response.meanDelayHours');
  });

  test('enough answers: the delays are estimated from the same minimal log, with no warning about them', () => {
    const log = file('long.csv', minimal(80));
    const out = path.join(dir, 'long.yaml');
    const r = cli(['fit', log, '--out', out, '-q']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/too-few-accepts|too-few-declines/);
    const overlay = YAML.parse(fs.readFileSync(out, 'utf8'));
    // Every accept came 90 minutes after its invitation: a truncated exponential fit of a point mass is not an exponential, but it lands near it.
    expect(overlay.response.meanDelayHours).toBeGreaterThan(1);
    expect(overlay.response.meanDelayHours).toBeLessThan(2);
  });

  test('labels naming archetypes, a log without photo and note columns: per-archetype warnings, no 0% photo or note written', () => {
    const log = file('nophoto.csv', userLog(60, 'time,kind,member,other,joined_at', (t, k, m, o) => `${t},${k},${m},${k === 'member' ? '' : o},${k === 'member' ? -1000 - m : ''}`));
    const labels = file('nophoto-labels.csv', `member,archetype,label,abusive_from\n${Array.from({ length: 60 }, (_, m) => `${m},regular,honest,`).join('\n')}\n`);
    const out = path.join(dir, 'nophoto.yaml');
    const r = cli(['fit', log, '--labels', labels, '--out', out, '-q']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning \[missing-column\] archetypes\.regular\.photoRate: the log has no photo column; photoRate keeps its default 0\.85/);
    expect(r.stderr).toMatch(/warning \[missing-column\] archetypes\.regular\.noteRate: the log has no note column/);
    const overlay = YAML.parse(fs.readFileSync(out, 'utf8'));
    expect(overlay.archetypes?.regular?.photoRate).toBeUndefined();
    expect(overlay.archetypes?.regular?.noteRate).toBeUndefined();
    // joined_at is there: 60 established members, none with an address book.
    expect(overlay.population.addressBookShare).toBe(0);
  });

  test('labels naming no invitesim archetype: a named warning, no archetype field', () => {
    const log = file('arch.csv', minimal(40));
    const labels = file('arch-labels.csv', `member,archetype,label\n${Array.from({ length: 40 }, (_, m) => `${m},customer,honest`).join('\n')}\n`);
    const r = cli(['fit', log, '--labels', labels, '--out', path.join(dir, 'arch.yaml'), '-q']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning \[unknown-archetype\] archetypes: the labels name archetype invitesim does not have \(customer\)/);
    expect(r.stderr).toMatch(/warning \[no-archetypes\]/);
  });

  test.each([
    ['no invitations', 'time,kind,member,other\n0,member,0,\n0,member,1,\n', /no invite rows; a fit needs the log's invitations/],
    ['no other column', 'time,kind,member\n0,invite,0\n', /missing column other/],
  ])('a log with %s: exit 2, one line, nothing written', (_, text, message) => {
    const out = path.join(dir, `none-${_.length}.yaml`);
    const r = cli(['fit', file(`bad-${_.length}.csv`, text), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(out)).toBe(false);
  });

  test.each([
    ['misses a member', `member,label\n${Array.from({ length: 7 }, (_, m) => `${m},honest`).join('\n')}\n`, /member 7 of .* has no label/],
    ['turns a member abusive after the log ends', `member,label,abusive_from\n${Array.from({ length: 8 }, (_, m) => `${m},${m === 3 ? 'abusive,99999999' : 'honest,'}`).join('\n')}\n`, /member 3 is abusive from minute 99999999, past the log's end .* the labels file must belong to the log/],
  ])('a labels file that %s: exit 2 naming it', (what, text, message) => {
    const log = file('eight.csv', minimal(8));
    const out = path.join(dir, `labels-${what.length}.yaml`);
    const r = cli(['fit', log, '--labels', file(`labels-${what.length}.csv`, text), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('an --out invitesim did not write is never replaced, even with --force; its own overlay only with --force', () => {
    const log = file('own.csv', minimal(8));
    const theirs = file('theirs.yaml', 'response: { meanDelayHours: 7 }\n');
    for (const force of [[], ['--force']]) {
      const r = cli(['fit', log, '--out', theirs, '-q', ...force]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--out .*theirs\.yaml: the file exists and invitesim did not write it; choose another file/);
      expect(fs.readFileSync(theirs, 'utf8')).toBe('response: { meanDelayHours: 7 }\n');
    }
    const ours = path.join(dir, 'ours.yaml');
    expect(cli(['fit', log, '--out', ours, '-q']).code).toBe(0);
    const again = cli(['fit', log, '--out', ours, '-q']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/holds an overlay an earlier fit wrote; pass --force to replace it/);
    fs.appendFileSync(ours, '# a line the next fit replaces\n');
    expect(cli(['fit', log, '--out', ours, '-q', '--force']).code).toBe(0);
    expect(fs.readFileSync(ours, 'utf8')).not.toContain('a line the next fit replaces');
  });

  test('run --overlay: a field the scenario has not, or a value out of range, is exit 2 naming the file and the field', () => {
    const unknown = file('unknown.yaml', 'response:\n  meanDelay: 20\n');
    const r = cli(['run', 'baseline', '--overlay', unknown, '--out', path.join(dir, 'never'), '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--overlay .*unknown\.yaml: response\.meanDelay: no such scenario field under "response"/);
    const range = file('range.yaml', 'archetypes:\n  regular:\n    photoRate: 1.5\n');
    const v = cli(['validate', 'baseline', '--overlay', range]);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/--overlay .*range\.yaml: archetypes\.regular\.photoRate: must be a probability in \[0, 1\] \(got 1\.5\)/);
    expect(fs.existsSync(path.join(dir, 'never'))).toBe(false);
  });
});
