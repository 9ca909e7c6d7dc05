/**
 * Common first mistakes each get one line (or yaml's excerpt) that says the fix, exit 2: a
 * misspelt built-in, a missing file, broken YAML, switching policy with --set policy.name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { cli, tempDir } from '../helpers/cli';
import { nearestName } from '../../scenarios/load';

describe('a mistaken scenario name or file', () => {
  it('"basline" gets "did you mean baseline?" and the pointers to list and init', () => {
    const r = cli(['run', 'basline']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^invitesim: scenario "basline" is not a built-in \(did you mean baseline\?\) nor a file path; built-ins: .*baseline.*\(`invitesim list`\); or start a file with `invitesim init`\n$/);
  });

  it('a word near no built-in gets no guess', () => {
    expect(cli(['validate', 'zzzzzz']).stderr).not.toMatch(/did you mean/);
  });

  it('a missing file points at init (and at the built-in its name is near)', () => {
    const dir = tempDir();
    const r = cli(['run', 'missing.yaml'], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([2, 'invitesim: scenario file missing.yaml does not exist; `invitesim init missing` writes a starter file, `invitesim list` shows the built-ins\n']);
    expect(cli(['run', 'sybil-rng.json'], { cwd: dir }).stderr).toMatch(/does not exist \(did you mean the built-in sybil-ring\?\)/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('broken YAML keeps the excerpt of the file with the caret, not a message ending on a colon', () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.yaml');
    fs.writeFileSync(file, 'name: bad\npopulation:\n  members: [1\npolicy: none\n');
    const r = cli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not valid YAML: .* at line \d+, column \d+:\n\n.*members: \[1\n.*\n\s*\^/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--set policy.name on a policy whose params it refuses shows the policy={…} form, which works', () => {
    const r = cli(['validate', 'baseline', '--set', 'policy.name=acceptance-ratio']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`policy.params.cap is not a parameter of policy "acceptance-ratio"`);
    expect(r.stderr).toContain(`set it whole, e.g. --set 'policy={"name":"acceptance-ratio"}'`);
    const fixed = cli(['validate', 'baseline', '--set', 'policy={"name":"acceptance-ratio"}', '--print', '-q']);
    expect(fixed.code).toBe(0);
    expect(JSON.parse(fixed.stdout).policy.name).toBe('acceptance-ratio');
  });
});

describe('nearestName', () => {
  const names = ['account-takeover', 'baseline', 'collusion', 'import-surge', 'low-and-slow', 'probing', 'recruiters', 'renren-2011', 'spam-wave', 'sybil-ring'];
  it('finds the name one deletion away from any built-in (brute force over every deletion)', () => {
    for (const n of names) for (let i = 0; i < n.length; i++) expect(nearestName(n.slice(0, i) + n.slice(i + 1), names)).toBe(n);
  });
  it('never guesses a name more than a third of the input away', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), (s) => {
        const near = nearestName(s, names);
        if (near === undefined) return;
        // An independent check: some alignment of at most max(2, len/3) edits exists, so the lengths differ by no more.
        expect(Math.abs(near.length - s.length)).toBeLessThanOrEqual(Math.max(2, Math.floor(s.length / 3)));
      }),
    );
  });
});
