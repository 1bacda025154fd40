import { randomBytes } from 'node:crypto';
import { buildHarness } from '../helpers/harness';
import { startReference } from '../reference/start';
import { DOCTOR_CASES } from '../tests/self/cases/doctor';
import { median } from './stats';

/**
 * `npx tsx bench/doctor.ts [runs]`: the doctor's verdict time and request count for each fault of the reference
 * target (in-process, loopback), median of N runs. The CLI adds its own start-up (≈0.4 s, measured separately).
 */
const runs = Number(process.argv[2] ?? 5);
console.log(
  `fault                                   first code                      verdict ms  requests   (median of ${runs})`,
);
for (const { row, expectedFirst, args } of [
  {
    row: { fault: '', suite: 'rest' as const, expectedCode: '' },
    expectedFirst: '(none)',
    args: ['--url', '/api/v1/me'],
  },
  ...DOCTOR_CASES,
]) {
  const times: number[] = [];
  const counts: number[] = [];
  let first = '';
  for (let i = 0; i < runs; i++) {
    const secret = row.env?.['JWT_SECRET_LOCAL'] ?? randomBytes(32).toString('base64url');
    const shared = { APP_ENV: 'local', JWT_SECRET_LOCAL: secret, ...row.env };
    const target = await startReference({ env: { ...shared, ...row.targetEnv, REFERENCE_FAULTS: row.fault }, port: 0 });
    const variables = {
      ...shared,
      ...row.harnessEnv,
      REFERENCE_PORT: String(target.port),
      REFERENCE_TARGET: 'none',
      TARGET_BASE_URL: target.url,
    };
    const harness = await buildHarness({ variables, envName: 'local' });
    const http = harness.http({ timeoutMs: 5000, retries: 0 });
    const cookieArg = args.indexOf('--cookie');
    const tokenArg = args.indexOf('--token');
    const report = await harness.doctor(
      {
        url: `${target.url}/api/v1/me`,
        method: 'GET',
        headers: {},
        token: tokenArg === -1 ? undefined : args[tokenArg + 1],
        cookie: cookieArg === -1 ? undefined : `${harness.config.tokenCookie}=${await harness.mint()}`,
      },
      http,
    );
    times.push(report.elapsedMs);
    counts.push(report.requests);
    first = report.diagnoses[0]?.code ?? '(none)';
    await http.close();
    await harness.close();
    await target.close();
  }
  const name = row.label ?? (row.fault || '(healthy)');
  console.log(
    `${name.padEnd(40)}${first.padEnd(32)}${String(median(times)).padStart(10)}  ${String(median(counts)).padStart(8)}${first === expectedFirst ? '' : `   expected ${expectedFirst}`}`,
  );
}
