import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
      globals: { document: 'readonly', window: 'readonly', history: 'readonly', location: 'readonly', fetch: 'readonly', URLSearchParams: 'readonly', Option: 'readonly', performance: 'readonly', navigator: 'readonly', Event: 'readonly', AbortController: 'readonly', TextDecoder: 'readonly', structuredClone: 'readonly' },
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'process', 'fetch', 'Date'],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'the core takes randomness from the seeded streams in rng.ts' }, { object: 'Date', property: 'now', message: 'the core has no clock' }],
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'worker_threads'] }],
    },
  },
);
