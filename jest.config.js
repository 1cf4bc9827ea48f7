/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // .mjs: the build scripts' plugins (lambda-bridge/*.mjs) are specified by tests too.
  transform: {
    '^.+\\.(tsx?|jsx?|mjs)$': [
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
  // A worker that has run the browser and emulator suites is a Node process of several hundred MB;
  // with its last test done and no handle left it still needs 0.6-1.4 s (measured on a loaded
  // 2-core machine) to be gone, past jest's default 500 ms. A leaked handle keeps a worker alive
  // for good, so the warning still catches real leaks at 5 s.
  workerGracefulExitTimeout: 5000,
};
