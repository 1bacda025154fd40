import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { auditSetCookies } from '../../helpers/cookies/audit-set-cookie';
import { HttpClient } from '../../helpers/http/http-client';
import { redactHeaders } from '../../helpers/redact/redact-headers';
import { scanForLeaks } from './support/scan-for-leaks';

/**
 * A nameless cookie (`opaqueSessionId…; Path=/`, which Chromium stores under the empty name) through the harness's
 * records, in-process: the HTTP client's exchange records (Set-Cookie on the response, Cookie on the next request), the
 * audit's evidence and redactHeaders. Every record is written to a folder and scanned like a run's reports folder.
 */
test('a nameless cookie value reaches no record (exchange records, audit evidence, headers)', async ({}, testInfo) => {
  const value = `opaqueSessionId${randomBytes(16).toString('hex')}`;
  const server = createServer((req, res) => {
    res.setHeader('Set-Cookie', [`${value}; Path=/; HttpOnly`, 'theme=dark; Path=/']);
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/login`;
  const http = new HttpClient({ timeoutMs: 5000, retries: 0 });
  try {
    const exchange = await http.send(url, { method: 'POST', label: 'login' });
    await http.send(url, { method: 'GET', headers: { cookie: `${value}; theme=dark` }, useJar: false, label: 'next' });
    const audit = auditSetCookies({
      lines: exchange.setCookies(),
      step: 'login',
      expectations: [],
      crossSiteCookies: new Set(),
      mustSet: ['sid'],
    });
    const folder = testInfo.outputPath('records');
    mkdirSync(folder, { recursive: true });
    writeFileSync(`${folder}/exchanges.json`, JSON.stringify(http.records));
    writeFileSync(`${folder}/audit.json`, JSON.stringify(audit));
    writeFileSync(
      `${folder}/headers.json`,
      JSON.stringify(redactHeaders({ 'set-cookie': exchange.setCookies(), cookie: `${value}` })),
    );
    expect(
      exchange.setCookies().some((line) => line.startsWith(value)),
      'the server sent it',
    ).toBe(true);
    expect(scanForLeaks(folder, '', { 'the nameless cookie value': value })).toEqual([]);
  } finally {
    await http.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
