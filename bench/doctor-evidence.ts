/**
 * `npx tsx bench/doctor-evidence.ts`: the doctor against an RS256 target the harness holds no key for (no-mint mode),
 * healthy and with an audience drift behind a bare 401, without logs and with TARGET_LOG_FILE / TARGET_LOG_COMMAND;
 * median of 5 verdict times and the request count, and a bare `node -e` for the log command's own start-up.
 */
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify, SignJWT } from 'jose';
import { runBoundedCommand } from '../helpers/evidence/bounded-command';
import { runDoctor } from '../helpers/doctor/doctor';
import { harnessFor, json, scriptedTarget } from '../tests/unit/support/in-process-doctor';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function once(audience: string, extra: (f: string) => Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'evb-'));
  const logFile = join(dir, 'api.log');
  writeFileSync(logFile, '');
  const target = await scriptedTarget(async (req, res) => {
    if (req.url === '/api/v1/auth/login') {
      const t = await new SignJWT({ role: 'user' })
        .setProtectedHeader({ alg: 'RS256' })
        .setSubject('alice')
        .setIssuer('https://auth.reference.test')
        .setAudience('reference-api')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
      return json(res, 200, { access_token: t });
    }
    const token = /^Bearer (.+)$/.exec(req.headers['authorization'] ?? '')?.[1] ?? '';
    try {
      await jwtVerify(token, publicKey, { audience, issuer: 'https://auth.reference.test' });
      return json(res, 200, {});
    } catch (e) {
      appendFileSync(
        logFile,
        `${new Date().toISOString()} ${String(req.headers['x-request-id'])} ${(e as Error).message}\n`,
      );
      return json(res, 401, { message: 'Unauthorized' });
    }
  });
  const h = await harnessFor({
    REFERENCE_PORT: new URL(target.url).port,
    TARGET_BASE_URL: target.url,
    JWT_ALG: 'RS256',
    ...extra(logFile),
  });
  const r = await runDoctor(
    { ...h, variables: { PATH: process.env['PATH'] } },
    { url: `${target.url}/api/v1/me`, method: 'GET', headers: {} },
  );
  await h.close();
  await target.close();
  return r;
}
const cmd = (f: string) =>
  `${process.execPath} -e "const fs=require('fs');for(const l of fs.readFileSync(process.argv[1],'utf8').split('\\n'))if(l.includes(process.argv[2]))console.log(l)" ${f} {requestId}`;
const cases: [string, string, (f: string) => Record<string, string>][] = [
  ['healthy, no-mint', 'reference-api', () => ({})],
  ['audience drift, no logs', 'other', () => ({})],
  ['audience drift, TARGET_LOG_FILE', 'other', (f) => ({ TARGET_LOG_FILE: f })],
  ['audience drift, TARGET_LOG_COMMAND (node)', 'other', (f) => ({ TARGET_LOG_COMMAND: cmd(f) })],
];
async function main() {
  console.log('case                                         first code              ms(median of 5)  requests');
  for (const [name, aud, extra] of cases) {
    const ms: number[] = [];
    let code = '';
    let req = 0;
    for (let i = 0; i < 5; i++) {
      const r = await once(aud, extra);
      ms.push(r.elapsedMs);
      code = r.diagnoses[0]?.code ?? '(none: OK)';
      req = r.requests;
    }
    console.log(`${name.padEnd(45)}${code.padEnd(24)}${String(median(ms)).padStart(8)}  ${req}`);
  }
  // The log command alone, for comparison

  const t: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    await runBoundedCommand([process.execPath, '-e', ''], { timeoutMs: 10000, maxBytes: 1024, env: {}, key: 'X' });
    t.push(Math.round(performance.now() - s));
  }
  console.log(`a bare node -e (the log command's own start-up): median ${median(t)} ms`);
}
void main();
