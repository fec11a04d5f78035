/**
 * Jest 30 over @swc/jest: TypeScript with legacy decorators and decorator metadata (Nest needs
 * both), compiled to CommonJS for the test run.
 *
 * Why not Jest's native ESM mode (--experimental-vm-modules): @nestjs/throttler 6 is CommonJS and
 * `require`s @nestjs/common 12, which is ESM-only. Node >= 20.19 does that natively (require(esm)),
 * but Jest supports require(esm) only on Node >= 24.9, so in ESM mode every test that loads the
 * library fails with "Must use import to load ES Module". Instead, swc transforms our sources
 * AND the ESM-only packages in node_modules to CommonJS. The package itself stays ESM, and
 * test/e2e/native-esm.e2e.spec.ts boots the built sample app under plain Node to prove it.
 *
 * Run: `npm run test:jest` or `npx jest <path>` — WITHOUT NODE_OPTIONS=--experimental-vm-modules.
 * @type {import('jest').Config}
 */
if (/experimental-vm-modules/.test(process.env.NODE_OPTIONS ?? '') || process.execArgv.some((a) => a.includes('experimental-vm-modules'))) {
  throw new Error(
    'Cannot run the tests with --experimental-vm-modules because @nestjs/throttler (CommonJS) requires the ESM-only @nestjs/common, which Jest ESM mode cannot do on Node 20. Fix: run `npx jest <path>` or `npm run test:jest` without NODE_OPTIONS (see jest.config.js).',
  );
}

const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

const shared = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  // test/compat/* are apps of their own, with their own runners and node_modules.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/compat/'],
  modulePathIgnorePatterns: ['<rootDir>/test/compat/'],
  moduleNameMapper: {
    // Sources import siblings as './x.js' (NodeNext); under Jest the file is still './x.ts'.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  // ESM-only dependencies (Nest 12 and friends) are transformed too; swc is fast and Jest caches.
  transformIgnorePatterns: [],
  transform: {
    '^.+\\.(ts|js|mjs|cjs)$': ['@swc/jest', swc],
  },
};

/**
 * Two projects: every suite on Express, and every suite that drives a Nest app over HTTP
 * (test/e2e, test/conformance) once more on Fastify. The `fastify` project sets
 * EDGE_ADAPTER=fastify, which test/support/adapter.ts reads, so one suite file serves both
 * platforms (the way @nestjs/throttler and nestjs-cls run their suites per adapter).
 */
export default {
  projects: [
    { ...shared, displayName: 'express', testMatch: ['**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'fastify',
      testMatch: ['<rootDir>/test/e2e/**/*.spec.ts', '<rootDir>/test/conformance/**/*.spec.ts'],
      // Platform-neutral suites (they start no app of their own) run once, on the express project.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/compat/', '/native-esm\\.e2e\\.spec\\.ts$'],
      setupFiles: ['<rootDir>/test/support/fastify-project.cjs'],
    },
  ],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
  testTimeout: 20000,
};
