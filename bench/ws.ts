import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { attempt } from '../helpers/ws/attempt';
import type { WsConfig } from '../helpers/env/ws-config';
import { echoText } from '../helpers/ws/welcome';
import { startReference } from '../reference/start';
import { referenceWsConfig } from '../tests/support/reference-ws-config';
import { percentile } from './stats';

/**
 * `npx tsx bench/ws.ts [handshakes=400] [roundTrips=3000]`: authenticated WebSocket handshakes per second and message round-trip latency against the
 * reference target (loopback, in-process), with a bare `ws` client loop next to the harness's client (attempt() /
 * WsSession with its transcript). The ratio is the harness's overhead. Loops are bounded; nothing leaves 127.0.0.1.
 */

const HANDSHAKES = Number(process.argv[2] ?? 400);
const ROUND_TRIPS = Number(process.argv[3] ?? 3000);
const CONCURRENCY = 10;

const secret = randomBytes(32).toString('base64url');
const target = await startReference({ env: { JWT_SECRET_LOCAL: secret } });
const url = `${target.url.replace(/^http/, 'ws')}/ws`;
const now = Math.floor(Date.now() / 1000);
// Minted once and reused: jose signing is not what is measured here.
const token = await new SignJWT({ sub: 'alice', role: 'user' })
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .setIssuer('https://auth.reference.test')
  .setAudience('reference-api')
  .setIssuedAt(now)
  .setExpirationTime(now + 3600)
  .sign(new TextEncoder().encode(secret));

const config: WsConfig = referenceWsConfig(target.url, { modes: ['header'] });

/** Bare ws: connect with the header, wait for the welcome, close. */
function bareHandshake(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
    socket.once('message', () => {
      socket.once('close', () => resolve());
      socket.close();
    });
    socket.once('error', reject);
  });
}

async function harnessHandshake(): Promise<void> {
  const result = await attempt(config, { mode: 'header', token, label: 'bench' });
  if (result.user !== 'alice') throw new Error(`bench: handshake not accepted (${result.outcome.kind})`);
  await result.session.close();
}

async function rate(label: string, once: () => Promise<void>, concurrency: number): Promise<string> {
  for (let i = 0; i < 20; i++) await once(); // warm-up
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < HANDSHAKES) await once();
    }),
  );
  const perSecond = HANDSHAKES / ((performance.now() - started) / 1000);
  return `${label.padEnd(46)} ${perSecond.toFixed(0).padStart(6)} /s`;
}

function percentiles(samples: number[]): { p50: number; p99: number } {
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function bareRoundTrips(): Promise<number[]> {
  const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
  await new Promise((resolve) => socket.once('message', resolve));
  const samples: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const started = performance.now();
    socket.send(echoText(config, `n${i}`));
    await new Promise((resolve) => socket.once('message', resolve));
    samples.push(performance.now() - started);
  }
  socket.close();
  return samples;
}

async function harnessRoundTrips(): Promise<number[]> {
  const { session } = await attempt(config, { mode: 'header', token, label: 'bench' });
  const samples: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const nonce = `n${i}`;
    const started = performance.now();
    session.send(echoText(config, nonce));
    if ((await session.waitFor((message) => message.text.includes(`"${nonce}"`))) === undefined)
      throw new Error('bench: echo lost');
    samples.push(performance.now() - started);
  }
  await session.close();
  return samples;
}

const lines = [
  `ws bench: reference target on loopback, ${HANDSHAKES} handshakes per row, ${ROUND_TRIPS} round trips per row`,
  await rate('bare ws, authenticated handshake, 1 at a time', bareHandshake, 1),
  await rate('harness, authenticated handshake, 1 at a time', harnessHandshake, 1),
  await rate(`bare ws, authenticated handshake, ${CONCURRENCY} at once`, bareHandshake, CONCURRENCY),
  await rate(`harness, authenticated handshake, ${CONCURRENCY} at once`, harnessHandshake, CONCURRENCY),
];
for (const [label, run] of [
  ['bare ws', bareRoundTrips],
  ['harness', harnessRoundTrips],
] as const) {
  const { p50, p99 } = percentiles(await run());
  lines.push(`${`${label}, echo round trip`.padEnd(46)} p50 ${p50.toFixed(3)} ms  p99 ${p99.toFixed(3)} ms`);
}
console.log(lines.join('\n'));
await target.close();
