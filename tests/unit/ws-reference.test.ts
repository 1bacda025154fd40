import { expect, test } from '@playwright/test';
import { SignJWT } from 'jose';
import { startReference, type ReferenceTarget } from '../../reference/start';
import { attempt } from '../../helpers/ws/attempt';
import { transcriptText } from '../../helpers/ws/transcript';
import type { WsAuthMode, WsConfig } from '../../helpers/env/ws-config';
import { echoText } from '../../helpers/ws/welcome';
import { referenceWsConfig } from '../support/reference-ws-config';
import {
  judgeControl,
  judgeExpiry,
  judgeForeignOrigin,
  judgeIsolation,
  judgeRefusal,
} from '../../helpers/diagnosis/verdicts/websocket';

/** The reference target's WebSocket endpoint, healthy and under each ws fault, through the harness's ws client. */

const SECRET = 'ws-unit-test-secret-0123456789abcdef0123';
const ISSUER = 'https://auth.reference.test';
const AUDIENCE = 'reference-api';
const MODES: WsAuthMode[] = ['header', 'protocol', 'query', 'cookie', 'message'];

async function start(extra: Record<string, string> = {}): Promise<ReferenceTarget> {
  return startReference({ env: { JWT_SECRET_LOCAL: SECRET, JWT_LEEWAY_SECONDS: '1', ...extra } });
}

function wsConfig(target: ReferenceTarget, overrides: Partial<WsConfig> = {}): WsConfig {
  return referenceWsConfig(target.url, { modes: MODES, expiryGraceMs: 1500, timeoutMs: 3000, ...overrides });
}

async function mint(sub: string, options: { ttlSeconds?: number; secret?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub, role: 'user' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + (options.ttlSeconds ?? 300))
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

test.describe('reference WebSocket endpoint, healthy', () => {
  let target: ReferenceTarget;
  test.beforeAll(async () => {
    target = await start();
  });
  test.afterAll(async () => target.close());

  for (const mode of MODES) {
    test(`valid token via ${mode}: welcome names the user, transcript never holds the token`, async () => {
      const token = await mint('alice');
      const result = await attempt(wsConfig(target), { mode, token, label: `valid ${mode}` });
      expect(judgeControl(wsConfig(target), result, 'alice', mode)).toEqual([]);
      if (mode === 'protocol') expect(result.session.transcript.protocol).toBe('bearer');
      const text = transcriptText([result.session.transcript]);
      expect(text.includes(token)).toBe(false);
      expect(text.includes(token.split('.')[2] ?? 'x')).toBe(false);
      await result.session.close();
    });

    test(`wrong secret via ${mode}: refused as declared, no frame`, async () => {
      const config = wsConfig(target);
      const result = await attempt(config, {
        mode,
        token: await mint('alice', { secret: `${SECRET}-other` }),
        label: 'wrong secret',
      });
      expect(judgeRefusal(result, mode === 'message' ? 'close-4401' : 'http-401', 'wrong secret')).toEqual([]);
      expect(result.session.messages).toHaveLength(0);
      await result.session.close();
    });
  }

  test('an invalid token on the upgrade gets 401 with a Bearer challenge', async () => {
    const result = await attempt(wsConfig(target), { mode: 'header', token: 'not-a-jwt', label: 'garbage' });
    expect(result.outcome).toEqual({ kind: 'refused-upgrade', status: 401 });
    expect(result.session.transcript.upgradeHeaders?.['www-authenticate']).toContain('invalid_token');
  });

  test('no credentials and a non-auth first message: closed 4401 without application frames', async () => {
    const result = await attempt(wsConfig(target), { mode: 'none', label: 'missing', sendBeforeAuth: true });
    expect(result.outcome).toMatchObject({ kind: 'closed-policy', code: 4401 });
    expect(result.applicationFrames).toBe(0);
  });

  test('a declared refusal that differs is a mismatch, not a pass', async () => {
    const result = await attempt(wsConfig(target), { mode: 'header', token: 'not-a-jwt', label: 'garbage' });
    expect(judgeRefusal(result, 'http-403', 'garbage').map((entry) => entry.code)).toEqual(['AC_WS_REFUSAL_MISMATCH']);
  });

  test('a foreign Origin with a valid cookie is refused with 403; the allowed Origin is accepted', async () => {
    const config = wsConfig(target);
    const token = await mint('alice');
    const foreign = await attempt(config, {
      mode: 'cookie',
      token,
      origin: config.foreignOrigin,
      label: 'foreign origin',
    });
    expect(foreign.outcome).toEqual({ kind: 'refused-upgrade', status: 403 });
    expect(judgeForeignOrigin(foreign, config.foreignOrigin)).toEqual([]);
    const own = await attempt(config, { mode: 'cookie', token, label: 'own origin' });
    expect(own.user).toBe('alice');
    await own.session.close();
  });

  test("two users never see each other's echoes", async () => {
    const config = wsConfig(target);
    const alice = await attempt(config, { mode: 'header', token: await mint('alice'), label: 'alice' });
    const ada = await attempt(config, { mode: 'header', token: await mint('ada'), label: 'ada' });
    alice.session.send(echoText(config, 'nonce-from-alice'));
    expect(await alice.session.waitFor((message) => message.text.includes('nonce-from-alice'))).toBeDefined();
    ada.session.send(echoText(config, 'nonce-from-ada'));
    expect(await ada.session.waitFor((message) => message.text.includes('nonce-from-ada'))).toBeDefined();
    expect(judgeIsolation(ada, 'nonce-from-alice', { sender: 'alice', observer: 'ada' })).toEqual([]);
    await Promise.all([alice.session.close(), ada.session.close()]);
  });

  test('a token expiring mid-session is closed 4401 at exp + leeway', async () => {
    const config = wsConfig(target);
    const token = await mint('alice', { ttlSeconds: 1 });
    const exp = Number(JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).exp) * 1000;
    const result = await attempt(config, { mode: 'header', token, label: 'short-lived' });
    expect(result.user).toBe('alice');
    const close = await result.session.waitForClose(exp + 1000 + config.expiryGraceMs - Date.now());
    expect(close).toMatchObject({ code: 4401, reason: 'token expired' });
    expect(Date.now()).toBeGreaterThanOrEqual(exp + 1000 - 50);
    expect(
      judgeExpiry(result, close, { expMs: exp, leewayMs: 1000, graceMs: config.expiryGraceMs, closedAtMs: Date.now() }),
    ).toEqual([]);
  });
});

test.describe('reference WebSocket faults are observable', () => {
  test('ws-unauthenticated-fallback: a bad token gets a welcome as anonymous', async () => {
    const target = await start({ REFERENCE_FAULTS: 'ws-unauthenticated-fallback' });
    try {
      const result = await attempt(wsConfig(target), { mode: 'header', token: 'not-a-jwt', label: 'garbage' });
      expect(result.user).toBe('anonymous');
      expect(judgeRefusal(result, 'http-401', 'garbage').map((entry) => entry.code)).toEqual([
        'AC_WS_UNAUTHENTICATED_ACCEPTED',
      ]);
      await result.session.close();
    } finally {
      await target.close();
    }
  });

  test('ws-bad-close-code: a bad token is accepted then closed 1011', async () => {
    const target = await start({ REFERENCE_FAULTS: 'ws-bad-close-code' });
    try {
      for (const mode of ['header', 'message'] as const) {
        // The valid control is accepted: the 1011 is the handler crashing on bad credentials, not infrastructure.
        const control = await attempt(wsConfig(target), { mode, token: await mint('alice'), label: 'control' });
        expect(control.welcome).toBeDefined();
        await control.session.close();
        const result = await attempt(wsConfig(target), { mode, token: 'not-a-jwt', label: 'garbage' });
        expect(result.session.transcript.close?.code).toBe(1011);
        expect(
          judgeRefusal(result, mode === 'message' ? 'close-4401' : 'http-401', 'garbage', {
            controlAccepted: true,
          }).map((entry) => entry.code),
        ).toEqual(['AC_WS_BAD_REFUSAL_CODE']);
      }
    } finally {
      await target.close();
    }
  });

  test('ws-no-origin-check: a foreign Origin with the cookie is accepted', async () => {
    const target = await start({ REFERENCE_FAULTS: 'ws-no-origin-check' });
    try {
      const config = wsConfig(target);
      const result = await attempt(config, {
        mode: 'cookie',
        token: await mint('alice'),
        origin: config.foreignOrigin,
        label: 'foreign',
      });
      expect(judgeForeignOrigin(result, config.foreignOrigin).map((entry) => entry.code)).toEqual([
        'AC_WS_ORIGIN_NOT_CHECKED',
      ]);
      await result.session.close();
    } finally {
      await target.close();
    }
  });

  test("ws-broadcast-leak: the second user sees the first user's nonce", async () => {
    const target = await start({ REFERENCE_FAULTS: 'ws-broadcast-leak' });
    try {
      const config = wsConfig(target);
      const alice = await attempt(config, { mode: 'header', token: await mint('alice'), label: 'alice' });
      const ada = await attempt(config, { mode: 'header', token: await mint('ada'), label: 'ada' });
      alice.session.send(echoText(config, 'nonce-from-alice'));
      await alice.session.waitFor((message) => message.text.includes('nonce-from-alice'));
      ada.session.send(echoText(config, 'nonce-from-ada'));
      await ada.session.waitFor((message) => message.text.includes('nonce-from-ada'));
      expect(
        judgeIsolation(ada, 'nonce-from-alice', { sender: 'alice', observer: 'ada' }).map((entry) => entry.code),
      ).toEqual(['AC_WS_ISOLATION_BROKEN']);
      await Promise.all([alice.session.close(), ada.session.close()]);
    } finally {
      await target.close();
    }
  });

  test('ws-generic-secret-only: the env-specific token is refused on the socket, accepted on REST', async () => {
    const target = await start({ REFERENCE_FAULTS: 'ws-generic-secret-only', JWT_SECRET_KEY: `${SECRET}-generic` });
    try {
      const token = await mint('alice');
      const result = await attempt(wsConfig(target), { mode: 'header', token, label: 'valid' });
      expect(result.outcome).toEqual({ kind: 'refused-upgrade', status: 401 });
      const rest = await fetch(`${target.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(rest.status).toBe(200);
      const generic = await attempt(wsConfig(target), {
        mode: 'header',
        token: await mint('alice', { secret: `${SECRET}-generic` }),
        label: 'generic',
      });
      expect(generic.user).toBe('alice');
      await generic.session.close();
    } finally {
      await target.close();
    }
  });

  test('ws-no-expiry-close: still open after exp + leeway + grace', async () => {
    const target = await start({ REFERENCE_FAULTS: 'ws-no-expiry-close' });
    try {
      const config = wsConfig(target);
      const token = await mint('alice', { ttlSeconds: 1 });
      const exp = Number(JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).exp) * 1000;
      const result = await attempt(config, { mode: 'header', token, label: 'short-lived' });
      const close = await result.session.waitForClose(exp + 1000 + config.expiryGraceMs - Date.now());
      expect(
        judgeExpiry(result, close, {
          expMs: exp,
          leewayMs: 1000,
          graceMs: config.expiryGraceMs,
          closedAtMs: undefined,
        }).map((entry) => entry.code),
      ).toEqual(['AC_WS_EXPIRY_NOT_ENFORCED']);
      await result.session.close();
    } finally {
      await target.close();
    }
  });
});
