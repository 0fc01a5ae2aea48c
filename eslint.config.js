// Lint keeps the layers apart (docs/architecture.md, "The layers"):
// shared/ is pure TypeScript, renderer/ is DOM only, and only electron/ may import electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'http', 'net', 'crypto', 'stream', 'url', 'worker_threads'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Plain Node scripts (the CLI launchers): Node's globals.
    files: ['bin/**/*.mjs', '*.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'shared/ is pure TypeScript: no Node APIs.' },
          { group: ['electron', 'react', 'react-dom', '@xyflow/*', 'chokidar', 'ws'], message: 'shared/ is pure TypeScript.' },
          { group: ['../service/*', '../electron/*', '../renderer/*'], message: 'shared/ depends on nothing else in the project.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'The renderer runs in a browser: no Node APIs.' },
          { group: ['electron', 'chokidar', 'ws'], message: 'The renderer talks to the host only through renderer/src/api.' },
          { group: ['**/service/*', '**/electron/*'], message: 'The renderer talks to the host only through renderer/src/api.' },
        ],
      }],
    },
  },
  {
    files: ['service/**/*.ts', 'bin/**/*.mjs', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['electron'], message: 'The fleet service is plain Node, shared by every host: no electron import.' }],
      }],
    },
  },
);
