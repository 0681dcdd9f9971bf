import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Imports of src/api from outside it (routes and the app are its own; shared shapes live in src/schema). */
const NO_API = { regex: '^(\\.\\./)+(src/)?api/', message: 'nothing imports src/api: shapes go in src/schema, services in src/node (DESIGN.md layers)' };

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'test-output/', 'data/', 'public/vendor/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { console: 'readonly', process: 'readonly', performance: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-globals': 'off',
    },
  },
  {
    files: ['public/**/*.js'],
    languageOptions: {
      globals: { document: 'readonly', window: 'readonly', history: 'readonly', location: 'readonly', fetch: 'readonly', URLSearchParams: 'readonly', Option: 'readonly', performance: 'readonly', navigator: 'readonly', Event: 'readonly', AbortController: 'readonly', TextDecoder: 'readonly', structuredClone: 'readonly', ResizeObserver: 'readonly' },
    },
  },
  // layers (DESIGN.md): nothing imports the API; the core imports only the core and the schema
  // (src/report, src/cli, src/node, src/store, src/schema, src/core, the page, benches and scripts)
  {
    files: ['src/**/*.ts', 'public/**/*.js', 'bench/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['src/api/**', 'src/server.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_API] }] },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'process', 'fetch', 'Date'],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'the core takes randomness from the seeded streams in rng.ts' }, { object: 'Date', property: 'now', message: 'the core has no clock' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'worker_threads'], message: 'the core is pure: no Node modules (DESIGN.md)' }, NO_API, { regex: '^(\\.\\./)+(node|store|report|cli)/', message: 'the core imports only the core and the schema\'s types: adapters and services build on it, not the other way' }] }],
    },
  },
);
