import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const NO_ELECTRON = {
  paths: [{ name: 'electron', message: 'Domain code and shared/ must run in plain Node.' }],
  patterns: [{ group: ['electron/*'], message: 'Domain code must run in plain Node.' }],
};

const NO_NODE_NO_ELECTRON = {
  paths: [
    { name: 'electron', message: 'The renderer talks to main only through the preload API.' },
  ],
  patterns: [
    { group: ['node:*'], message: 'The renderer is sandboxed: no Node modules.' },
    { group: ['**/electron/**'], message: 'The renderer may import only shared/ and renderer/.' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'dist-electron/**',
      'release/**',
      'test-artifacts/**',
      'tests/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      'max-len': [
        'error',
        {
          code: 120,
          ignoreUrls: true,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only' },
        { object: 'it', property: 'skip' },
        { object: 'describe', property: 'only' },
        { object: 'describe', property: 'skip' },
        { object: 'test', property: 'only' },
        { object: 'test', property: 'skip' },
      ],
    },
  },
  {
    files: ['electron/services/**', 'electron/cli/**', 'shared/**'],
    rules: { 'no-restricted-imports': ['error', NO_ELECTRON] },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NO_ELECTRON.paths,
          patterns: [
            { group: ['node:*'], message: 'shared/ runs on both sides: no Node modules.' },
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'shared/ imports only shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', NO_NODE_NO_ELECTRON],
    },
  },
);
