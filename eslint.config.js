// @ts-check
import tseslint from 'typescript-eslint';

/**
 * Layers point one way (a module imports only from layers below it):
 *
 *   cli/, tests/, bench/, reporters/, playwright.config.ts   consumers: build a run with helpers/harness
 *   helpers/harness/          top of helpers: builds a run (config → secret → key → clock → scrubber → http → mint
 *                             → login → diagnose); nothing else in helpers/ imports it
 *   helpers/doctor/, helpers/diagnosis/ (the ladder), helpers/cookies/, helpers/browser/, helpers/ws/, helpers/auth/,
 *   helpers/report/, helpers/token/, helpers/http/, helpers/redact/, helpers/env/, helpers/clock/
 *   helpers/errors/           the error classes and their ErrorCode union; imports only secret/'s code type
 *   helpers/diagnosis/ catalogue (catalogue.ts, entry.ts, entries/, diagnosis.ts): imports nothing outside itself
 *   helpers/secret/           standalone: imports nothing outside itself (a backend can copy it)
 *
 * helpers/ never imports the test runner, tests/, cli/, bench/, reporters/ or reference/; reference/ (somebody
 * else's backend) never imports the harness.
 */

/** What no file of helpers/ may import. */
const HELPERS = [
  { group: ['@playwright/test', '@playwright/test/*'], message: 'helpers/ must not import the test runner' },
  {
    group: ['**/tests/**', '**/cli/**', '**/bench/**', '**/reporters/**', '**/reference/**', '**/playwright.config'],
    message: 'helpers/ is the library: it never imports its consumers nor the reference target',
  },
];
const NOT_HARNESS = {
  group: ['**/harness', '**/harness/**'],
  message: 'helpers/harness is the top of helpers: only its consumers (cli, tests, bench, config) import it',
};
/** The catalogue's own files, as seen from helpers/diagnosis/ and from helpers/diagnosis/entries/. */
const CATALOGUE_ONLY = 'the diagnosis catalogue and the Diagnosis type are the bottom layer: they import nothing else';

const restrict = (
  /** @type {string[]} */ files,
  /** @type {object[]} */ patterns,
  /** @type {string[]} */ ignores = [],
) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { patterns: [...HELPERS, ...patterns] }] },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'reports/**', 'test-results/**', 'bin/**', '.stryker-tmp/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  restrict(['helpers/**/*.ts'], [NOT_HARNESS], ['helpers/harness/**']),
  restrict(['helpers/harness/**/*.ts'], []),
  restrict(
    ['helpers/secret/**/*.ts'],
    [
      {
        group: ['../*', '../**'],
        message: 'helpers/secret/ is standalone (a backend can copy it): it imports nothing outside itself',
      },
    ],
  ),
  restrict(
    ['helpers/errors/**/*.ts'],
    [
      {
        group: ['../*', '../**', '!../secret', '!../secret/**'],
        message: 'helpers/errors/ imports only the secret module',
      },
    ],
  ),
  restrict(
    ['helpers/diagnosis/catalogue.ts', 'helpers/diagnosis/entry.ts', 'helpers/diagnosis/diagnosis.ts'],
    [
      {
        group: ['../*', '../**', './diagnose-refusal', './render-catalogue', './passive/**', './probes/**'],
        message: CATALOGUE_ONLY,
      },
    ],
  ),
  restrict(
    ['helpers/diagnosis/entries/**/*.ts'],
    [
      {
        group: ['../../*', '../../**', '../diagnose-refusal', '../render-catalogue', '../passive/**', '../probes/**'],
        message: CATALOGUE_ONLY,
      },
    ],
  ),
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
