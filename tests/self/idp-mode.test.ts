import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPORTS_DIR } from '../../helpers/env/paths';
import type { RunSummary } from '../../helpers/report/summary';
import { startIdpReference } from '../../reference/idp/start-idp';
import { recordRow } from './support/fault-table';
import { scanForLeaks } from './support/scan-for-leaks';
import { cli, failureCodes } from './support/run-suite';

/**
 * The wiring of the identity-provider mode end to end: `authcanary run --env idp` (CLI + Playwright) against the
 * reference provider started with a fault; the REST suite must fail with the fault's code first. Every other IdP
 * fault is proven in-process (tests/unit/reference-idp.test.ts).
 */
test.describe.configure({ timeout: 120_000 });

test('rest (IdP mode): idp-api-other-issuer → AC_API_TRUSTS_OTHER_ISSUER', async () => {
  const clientSecret = randomBytes(24).toString('base64url');
  const idp = await startIdpReference({
    env: { IDP_CLIENT_SECRET: clientSecret, REFERENCE_FAULTS: 'idp-api-other-issuer' },
    port: 0,
  });
  const reportsDir = join(REPORTS_DIR, 'self', 'idp-api-other-issuer');
  try {
    const run = await cli(['run', '--reports', reportsDir, '--no-allure', '--', '--project', 'rest'], {
      ...process.env,
      AUTH_ENV: 'idp',
      REFERENCE_PORT: String(idp.port),
      REFERENCE_TARGET: 'none',
      IDP_CLIENT_SECRET: clientSecret,
      CI: '',
    });
    const file = join(reportsDir, 'summary.json');
    const summary = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RunSummary) : undefined;
    const codes = failureCodes(summary);
    recordRow({
      row: 'idp-api-other-issuer (rest, IdP mode)',
      healthy: false,
      detected: run.exitCode === 1,
      right: codes[0] === 'AC_API_TRUSTS_OTHER_ISSUER',
      codes: [...new Set(codes)].join(' '),
    });
    expect(run.exitCode, run.output).toBe(1);
    expect(codes[0], run.output).toBe('AC_API_TRUSTS_OTHER_ISSUER');
    // The provider's own checks passed: the fault is the API's, not the token's.
    const issuerKeys = summary?.checks.find((check) => check.title.includes("issuer's published keys"));
    expect(issuerKeys?.status).toBe('passed');
    // The client secret (sent by HTTP Basic) and the provider's tokens reach no report and no output.
    expect(scanForLeaks(reportsDir, run.output, { OAUTH_CLIENT_SECRET: clientSecret })).toEqual([]);
  } finally {
    await idp.close();
  }
});
