/**
 * Tests run TypeScript through ts-jest; code that needs worker threads runs the compiled dist/ (npm test builds first).
 * ts-jest compiles each file alone (isolatedModules), which checks no types across files: `npm run typecheck`
 * (run by pretest) does.
 * Workers stay jest's default (cores - 1, so in band on two cores): with two workers on two shared cores the load
 * tests' well-behaved control service timed out (test/load/misbehaviour.test.ts) and the loopback bench sent fewer
 * requests than its floor, in 2 of 3 rounds of the timing-sensitive files, and those rounds were no faster.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // test/jest-transform.js says why compiled modules are transformed too.
  transform: {
    '^.+\\.ts$': ['<rootDir>/test/jest-transform.js', { tsconfig: 'tsconfig.test.json', diagnostics: { warnOnly: false } }],
    '/dist/.+\\.js$': '<rootDir>/test/jest-transform.js',
  },
  testTimeout: 120000,
};
