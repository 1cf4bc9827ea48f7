/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  // dist/gas is rebuilt (if stale) once here, never by a suite while others read it.
  globalSetup: '<rootDir>/test/global-setup.ts',
  testTimeout: 30000,
  // Integration suites start local servers; two workers keep a 2-core CI box responsive.
  maxWorkers: 2,
};
