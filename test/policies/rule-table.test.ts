/**
 * docs/http.md's table of the built-in rules is the one the definitions generate, and every
 * built-in has a rule (a service written from the docs needs all three columns).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULE_TABLE_BEGIN, RULE_TABLE_END, policyRuleTable } from '../../policies/definition';
import { listPolicies } from '../../policies/registry';
import { listEntries } from '../../cli/list';

const docs = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'http.md'), 'utf8');

test('every built-in states when it restricts, when suspicious answers true, and its score', () => {
  for (const d of listPolicies()) {
    expect([d.name, d.rule && Object.values(d.rule).every((t) => t.trim().length > 10)]).toEqual([d.name, true]);
  }
});

test("docs/http.md's rule table equals the one generated from the definitions", () => {
  const begin = docs.indexOf(RULE_TABLE_BEGIN);
  const end = docs.indexOf(RULE_TABLE_END);
  expect(begin).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(begin);
  const table = docs.slice(begin + RULE_TABLE_BEGIN.length, end).trim();
  expect(table).toBe(policyRuleTable(listPolicies()));
  expect(table.split('\n')).toHaveLength(2 + listPolicies().length);
});

test('list --json carries each rule', () => {
  const byName = new Map(listEntries().policies.map((p) => [p.name, p.rule]));
  for (const d of listPolicies()) expect(byName.get(d.name)).toEqual(d.rule);
});
