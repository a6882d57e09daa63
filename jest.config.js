/**
 * Jest runs the TypeScript sources as native ES modules (ts-jest, transpile only;
 * `npm run lint` does the type check). Tests live under test/ and mirror functions/core.
 */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testTimeout: 120000,
  maxWorkers: 2,
};
