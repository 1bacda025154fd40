import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { CATALOGUE, DIAGNOSIS_CODES } from '../../helpers/diagnosis/catalogue';
import { renderCatalogueMarkdown } from '../../helpers/diagnosis/render-catalogue';

test('docs/diagnoses.md is the generated catalogue (run `authcanary codes --markdown > docs/diagnoses.md`)', () => {
  expect(readFileSync(new URL('../../docs/diagnoses.md', import.meta.url), 'utf8')).toBe(renderCatalogueMarkdown());
});

test('every code is well formed and fully documented', () => {
  for (const code of DIAGNOSIS_CODES) {
    expect(code).toMatch(/^AC_[A-Z0-9_]+$/);
    const entry = CATALOGUE[code];
    for (const field of [entry.title, entry.meaning, entry.evidence, entry.fix])
      expect(field.length, code).toBeGreaterThan(5);
  }
});
