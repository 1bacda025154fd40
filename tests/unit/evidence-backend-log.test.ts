import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import jsonwebtoken from 'jsonwebtoken';
import type { LogSourceConfig } from '../../helpers/env/evidence-keys';
import { readBackendLog } from '../../helpers/evidence/backend-log';
import { runBoundedCommand } from '../../helpers/evidence/bounded-command';
import { markRequest } from '../../helpers/http/request-marker';
import { Scrubber } from '../../helpers/redact/scrubber';

const SECRET = 'deployed-secret-value-never-shown-0123456789';
const scrubber = new Scrubber().add(SECRET);
const env = { PATH: process.env['PATH'] };
const node = process.execPath;

function logConfig(command: string[], overrides: Partial<LogSourceConfig> = {}): LogSourceConfig {
  return { command, timeoutMs: 10_000, maxBytes: 1024 * 1024, windowMs: 5_000, ...overrides };
}

/** A real library's refusal message for a token of another audience, as a backend would log it. */
function jsonwebtokenAudienceMessage(): string {
  const token = jsonwebtoken.sign({ aud: 'other-client' }, SECRET);
  try {
    jsonwebtoken.verify(token, SECRET, { audience: 'api-client' });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('accepted');
}

test('a log command gets the window and marker, its lines are picked by marker, scrubbed and mapped to a cause', async () => {
  const headers: Record<string, string> = {};
  const marker = markRequest(headers);
  const message = jsonwebtokenAudienceMessage();
  // The "backend" filters by the window it is given, prints an unrelated request's line, this request's line with a
  // secret in it; a window it was not given prints nothing.
  const script = `const [start, end, id] = process.argv.slice(1);
if (start !== '1799999995000' || end !== '1800000005040') process.exit(0);
console.log('req=ac-someone-else GET /me 200');
console.log('req=' + id + ' verify failed: ' + ${JSON.stringify(message)} + ' key=' + ${JSON.stringify(SECRET)});`;
  const evidence = await readBackendLog(
    logConfig([node, '-e', script, '{startMs}', '{endMs}', '{requestId}']),
    { marker, sentAtMs: 1_800_000_000_000, durationMs: 40 },
    { scrubber, env },
  );
  expect(evidence.failure).toBeUndefined();
  expect(evidence.source).toBe('TARGET_LOG_COMMAND (node)');
  expect(evidence.selectedBy).toBe('marker');
  expect(evidence.window).toEqual({ startIso: '2027-01-15T07:59:55.000Z', endIso: '2027-01-15T08:00:05.040Z' });
  expect(evidence.lines.some((line) => line.includes('ac-someone-else'))).toBe(false);
  expect(evidence.cause?.cause).toBe('audience');
  expect(evidence.cause?.line).toContain(message);
  expect(evidence.cause?.line).toContain(marker.requestId);
  expect(JSON.stringify(evidence)).not.toContain(SECRET);
  expect(evidence.lines).toHaveLength(1);
});

test('a command that hangs is stopped at its timeout and reported, naming the key', async () => {
  const output = await runBoundedCommand([node, '-e', 'setInterval(() => {}, 1000)'], {
    timeoutMs: 400,
    maxBytes: 4096,
    env,
    key: 'TARGET_LOG_COMMAND',
  });
  expect(output).toEqual({
    ok: false,
    label: 'node',
    failure: 'TARGET_LOG_COMMAND (node) did not finish within 0.4 s and was stopped',
  });
});

test('a command that prints 10 MB is cut at the byte limit and stopped', async () => {
  const output = await runBoundedCommand(
    [
      node,
      '-e',
      "const line = 'x'.repeat(1023) + '\\n'; for (let i = 0; i < 10 * 1024; i++) process.stdout.write(line);",
    ],
    { timeoutMs: 20_000, maxBytes: 64 * 1024, env, key: 'TARGET_LOG_COMMAND' },
  );
  expect(output.ok).toBe(true);
  if (!output.ok) return;
  expect(output.truncated).toBe(true);
  expect(Buffer.byteLength(output.stdout)).toBeLessThanOrEqual(64 * 1024);
});

test('a command that fails with the secret on stderr: exit code and byte count, never the text', async () => {
  const evidence = await readBackendLog(
    logConfig([node, '-e', `process.stderr.write('auth failed with ' + ${JSON.stringify(SECRET)}); process.exit(3)`]),
    { sentAtMs: Date.now(), durationMs: 10 },
    { scrubber, env },
  );
  expect(evidence.failure).toMatch(
    /^TARGET_LOG_COMMAND \(node\) exited with code 3; it wrote \d+ bytes to stderr \(not shown\)$/,
  );
  expect(evidence.lines).toEqual([]);
  expect(JSON.stringify(evidence)).not.toContain(SECRET);
});

test('a program that does not exist is a failure naming the key, not a crash', async () => {
  const evidence = await readBackendLog(
    logConfig(['/nonexistent/aws', 'logs']),
    { sentAtMs: Date.now(), durationMs: 10 },
    { scrubber, env },
  );
  expect(evidence.failure).toBe('TARGET_LOG_COMMAND (aws) was not found');
});

test('a log file: the lines stamped inside the window, the runtime import failure wins over later lines', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-log-'));
  const file = join(dir, 'api.log');
  writeFileSync(
    file,
    [
      '2027-01-15T07:00:00.000Z START earlier request: jwt audience invalid. expected: x',
      "2027-01-15T08:00:00.010Z [ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'jwt'",
      '2027-01-15T08:00:00.020Z token refused: invalid signature',
      '2027-01-15T09:00:00.000Z later request',
    ].join('\n'),
  );
  const evidence = await readBackendLog(
    { file, timeoutMs: 1000, maxBytes: 4096, windowMs: 1000 },
    { sentAtMs: Date.parse('2027-01-15T08:00:00.000Z'), durationMs: 30 },
    { scrubber, env },
  );
  expect(evidence.source).toBe(`TARGET_LOG_FILE (${file})`);
  expect(evidence.selectedBy).toBe('time');
  expect(evidence.lines).toHaveLength(2);
  expect(evidence.cause?.cause).toBe('library-not-loaded');
});

test('a missing log file is a note, not a crash', async () => {
  const evidence = await readBackendLog(
    { file: '/nonexistent/api.log', timeoutMs: 1000, maxBytes: 4096, windowMs: 1000 },
    { sentAtMs: Date.now(), durationMs: 10 },
    { scrubber, env },
  );
  expect(evidence.failure).toBe('TARGET_LOG_FILE does not exist');
});
