// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'reports/**', 'test-results/**', 'bin/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The library never depends on the test runner; the reference target never depends on the harness.
    files: ['helpers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@playwright/test', '@playwright/test/*'], message: 'helpers/ must not import the test runner' },
          ],
        },
      ],
    },
  },
  {
    files: ['reference/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/helpers/**', '**/tests/**', '**/cli/**', '**/env/**'],
              message: "the reference target plays somebody else's backend: it must not import the harness",
            },
          ],
        },
      ],
    },
  },
);
