import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'test-output/', 'web/', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // Configuration is read once, in src/config.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through AppConfig (src/config).' }],
    },
  },
  {
    files: ['src/config/**', 'test/**', 'bench/**', 'src/database/cli.ts', 'src/seeds/**'],
    rules: { 'no-restricted-properties': 'off', 'no-console': 'off' },
  },
  {
    // SQL lives in repositories and read models; services, controllers, jobs and everything else
    // call them. (src/database and src/seeds are the data layer itself.)
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.repository.ts', 'src/**/*.read-model.ts', 'src/database/**', 'src/seeds/**', 'src/**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['query', 'createQueryBuilder'].map((method) => ({
          selector: `CallExpression[callee.property.name='${method}']`,
          message: 'SQL lives in <domain>.repository.ts (or a *.read-model.ts): move this query there.',
        })),
        {
          // The prepared-statement form of query(): still SQL.
          selector: "CallExpression[callee.name='queryPrepared']",
          message: 'SQL lives in <domain>.repository.ts (or a *.read-model.ts): move this query there.',
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      // A focused or skipped test silently hides the others.
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      // Helpers named expect… (expectError) assert too.
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'request.**.expect', '**.expect*'] }],
    },
  },
);
