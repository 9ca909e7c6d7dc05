/**
 * Tests run TypeScript through ts-jest; code that needs worker threads runs the compiled dist/ (npm test builds first).
 * ts-jest compiles each file alone (isolatedModules), which checks no types across files: `npm run typecheck`
 * (run by pretest) does.
 */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: { warnOnly: false } }] },
  testTimeout: 120000,
};
