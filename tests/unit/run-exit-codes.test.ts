import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PROJECT_ROOT } from '../../helpers/env/paths';
import type { RunSummary } from '../../helpers/report/summary';
import { hangingServer, httpServer, refusedUrl, statusServer } from './support/probe-servers';

/**
 * `authcanary run` as CI meets it, where the exit code itself is the point: 3 when the target cannot be tested (in
 * seconds, by the preflight), 2 for bad input and refused flags (and no stale summary left), one run per reports folder.
 */
const BIN = join(PROJECT_ROOT, 'bin', 'authcanary.js');

/** Spawned without blocking: the probe servers live in this process and must keep answering. */
async function run(args: string[], env: Record<string, string> = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'run', '--no-allure', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, out, seconds: (performance.now() - started) / 1000 };
}

const summaryOf = (reports: string) => JSON.parse(readFileSync(join(reports, 'summary.json'), 'utf8')) as RunSummary;

/** An earlier run's results that said "passed": none may survive a later run that ends otherwise. */
function plantStale(reports: string) {
  mkdirSync(reports, { recursive: true });
  writeFileSync(join(reports, 'summary.json'), JSON.stringify({ verdict: 'passed' }));
  writeFileSync(join(reports, 'junit.xml'), '<testsuites tests="1" failures="0"/>');
  mkdirSync(join(reports, 'html'), { recursive: true });
  writeFileSync(join(reports, 'html', 'index.html'), 'an earlier run');
}

/** Every relative link of the front page leads to a file this run wrote; no Playwright or Allure report is linked. */
function expectLinksWork(reports: string) {
  const page = readFileSync(join(reports, 'index.html'), 'utf8');
  const links = [...page.matchAll(/href="([^"#:]+)"/g)].map((match) => match[1] as string);
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) expect(existsSync(join(reports, link)), link).toBe(true);
}

const remote = (url: string) => ({ TARGET_BASE_URL: url, REFERENCE_TARGET: 'none', HTTP_RETRIES: '1' });

test('a dead target: exit 3 in seconds, one infra verdict, no auth code, the stale summary replaced', async ({}, testInfo) => {
  {
    const reports = testInfo.outputPath('reports');
    plantStale(reports);
    const result = await run(['--reports', reports], remote(await refusedUrl()));
    expect(result.code).toBe(3);
    expect(result.out).toContain('[AC_INFRA_UNREACHABLE] (infra) preflight');
    expect(result.out).not.toMatch(/\n\s+at /);
    const summary = summaryOf(reports);
    expect(summary.verdict).toBe('infra');
    expect(summary.checks.map((check) => check.kind)).toEqual(['infra']);
    expect(Object.keys(summary.diagnosisCounts)).toEqual(['AC_INFRA_UNREACHABLE']);
    // JUnit is this run's: the preflight's infra failure, not the stale file that said passed.
    const junit = readFileSync(join(reports, 'junit.xml'), 'utf8');
    expect(junit).toContain('type="AC_INFRA_UNREACHABLE"');
    expect(junit).toContain('<property name="authcanary.verdict" value="infra"/>');
    expectLinksWork(reports);
    expect(existsSync(join(reports, 'html')), "the earlier run's Playwright report").toBe(false);
    testInfo.annotations.push({ type: 'wall time (dead target)', description: `${result.seconds.toFixed(1)} s` });
  }
});

test('a hanging target and a .invalid host: exit 3 within the preflight bound', async ({}, testInfo) => {
  const hang = await hangingServer();
  const reports = testInfo.outputPath('reports');
  const hung = await run(['--reports', reports], { ...remote(hang.url), HTTP_TIMEOUT: '2s' });
  expect(hung.code).toBe(3);
  expect(summaryOf(reports).diagnosisCounts).toEqual({ AC_INFRA_TIMEOUT: 1 });
  testInfo.annotations.push({ type: 'wall time (hanging target)', description: `${hung.seconds.toFixed(1)} s` });
  await hang.close();

  const dns = await run(['--reports', reports], remote('http://authcanary-probe.invalid'));
  expect(dns.code).toBe(3);
  expect(summaryOf(reports).diagnosisCounts).toEqual({ AC_INFRA_DNS: 1 });
});

test('a login endpoint answering 503 stops the run at the preflight: exit 3', async ({}, testInfo) => {
  const gateway = await statusServer(503);
  const reports = testInfo.outputPath('reports');
  const result = await run(['--reports', reports], remote(gateway.url));
  expect(result.code).toBe(3);
  const summary = summaryOf(reports);
  expect(summary.verdict).toBe('infra');
  expect(summary.checks[0]?.diagnoses[0]?.code).toBe('AC_INFRA_TARGET_DOWN');
  await gateway.close();
});

test('bad input: exit 2 naming file and key, no value, no stack, and no stale summary left', async ({}, testInfo) => {
  const reports = testInfo.outputPath('reports');
  const planted = 'hunter2-never-printed-3b7a';
  for (const [env, file, key] of [
    [{ HTTP_TIMEOUT: '0' }, 'process environment', 'HTTP_TIMEOUT'],
    [{ TARGET_BASE_URL: `https://qa:${planted}@staging.example.test` }, 'process environment', 'TARGET_BASE_URL'],
  ] as const) {
    plantStale(reports);
    const result = await run(['--env', 'local', '--reports', reports], env);
    expect(result.code).toBe(2);
    expect(result.out).toMatch(new RegExp(`${file}\\s+${key}\\s+`));
    expect(result.out).not.toContain(planted);
    expect(result.out).not.toMatch(/\n\s+at /);
    expect(existsSync(join(reports, 'summary.json'))).toBe(false);
    expect(existsSync(join(reports, 'junit.xml'))).toBe(false);
  }
});

test('a second run on the same reports folder stops with exit 2 and leaves the running one alone', async ({}, testInfo) => {
  const reports = testInfo.outputPath('reports');
  // A run in progress: its lock names a live process (this one), its results are on disk.
  mkdirSync(join(reports, '.run'), { recursive: true });
  writeFileSync(join(reports, '.run', 'lock'), String(process.pid));
  writeFileSync(join(reports, 'junit.xml'), '<testsuites/>');
  const tmp = testInfo.outputPath('tmp');
  mkdirSync(tmp, { recursive: true });
  const second = await run(['--reports', reports], { ...remote(await refusedUrl()), TMPDIR: tmp });
  expect(second.code).toBe(2);
  expect(second.out).toMatch(/another authcanary run \(pid \d+\) is writing/);
  // The refused run leaves no temporary folder behind.
  expect(readdirSync(tmp).filter((name) => name.startsWith('authcanary-run-'))).toEqual([]);
  expect(readFileSync(join(reports, '.run', 'lock'), 'utf8')).toBe(String(process.pid));
  expect(existsSync(join(reports, 'junit.xml'))).toBe(true);
  // A lock left by a process that is gone is stale: the next run takes it over.
  writeFileSync(join(reports, '.run', 'lock'), '999999999');
  const next = await run(['--reports', reports], remote(await refusedUrl()));
  expect(next.code).toBe(3);
  expect(existsSync(join(reports, '.run', 'lock'))).toBe(false);
});

test('OIDC_ISSUER differing from the discovery document by a trailing slash: exit 2 before any check', async ({}, testInfo) => {
  const provider = await httpServer((request, response) => {
    const issuer = `http://127.0.0.1:${(request.socket.localPort ?? 0).toString()}/`;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      request.url === '/.well-known/openid-configuration'
        ? JSON.stringify({ issuer, token_endpoint: `${issuer}token`, jwks_uri: `${issuer}jwks` })
        : '{}',
    );
  });
  const reports = testInfo.outputPath('reports');
  const declared = provider.url.replace(/\/$/, '');
  const result = await run(['--reports', reports], {
    ...remote(provider.url),
    OIDC_ISSUER: declared,
    JWT_ISSUER: declared,
    OAUTH_CLIENT_ID: 'authcanary',
    OAUTH_CLIENT_SECRET: 'client-secret-never-printed-77aa',
  });
  await provider.close();
  expect(result.code, result.out).toBe(2);
  expect(result.out).toMatch(
    /OIDC_ISSUER does not match the provider: the discovery document says issuer "http:\/\/127\.0\.0\.1:\d+\/"/,
  );
  expect(result.out).not.toContain('client-secret-never-printed-77aa');
  expect(result.out).not.toContain('Running ');
  expect(existsSync(join(reports, 'summary.json'))).toBe(false);
});
