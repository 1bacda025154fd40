import { expect, test } from '@playwright/test';
import { checkFilePath } from '../../helpers/report/summary';

/** authcanary installed in a team's repository: the package in node_modules, the team's specs beside it. */
const INSTALLED = {
  packageRoot: '/repo/team/node_modules/authcanary',
  workspaceRoot: '/repo/team/',
};

const rows: { name: string; file: string; roots: typeof INSTALLED; shown: string }[] = [
  {
    name: "installed: the team's spec, relative to the team's repository",
    file: '/repo/team/tests/authcanary/example.spec.ts',
    roots: INSTALLED,
    shown: 'tests/authcanary/example.spec.ts',
  },
  {
    name: 'installed: a built-in suite, relative to the package',
    file: '/repo/team/node_modules/authcanary/tests/rest/login.spec.ts',
    roots: INSTALLED,
    shown: 'tests/rest/login.spec.ts',
  },
  {
    name: 'cloned: package and workspace are one folder',
    file: '/src/authcanary/tests/rest/login.spec.ts',
    roots: { packageRoot: '/src/authcanary', workspaceRoot: '/src/authcanary/' },
    shown: 'tests/rest/login.spec.ts',
  },
  {
    name: 'a spec outside both stays absolute, never ../',
    file: '/elsewhere/specs/x.spec.ts',
    roots: INSTALLED,
    shown: '/elsewhere/specs/x.spec.ts',
  },
  {
    name: 'a sibling folder whose name starts with the root is not inside it',
    file: '/repo/team/node_modules/authcanary-extra/x.spec.ts',
    roots: INSTALLED,
    shown: 'node_modules/authcanary-extra/x.spec.ts',
  },
];

for (const row of rows)
  test(`check file path: ${row.name}`, () => {
    const shown = checkFilePath(row.file, row.roots);
    expect(shown).toBe(row.shown);
    expect(shown).not.toMatch(/^\.\.\//);
  });
