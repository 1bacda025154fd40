import { systemClock } from '../../helpers/clock/clock';
import { readSkew } from '../../helpers/diagnosis/passive/clock-skew';
import { keyHypotheses } from '../../helpers/diagnosis/probes/secret-variants';
import { UsageError } from '../../helpers/errors/authcanary-error';
import { decodeToken } from '../../helpers/token/decode-token';
import { hmacKey, isHmacAlg } from '../../helpers/token/signing-key';
import { signatureVerifies } from '../../helpers/token/verify-signature';
import { flag, type ParsedArgs } from '../args';
import { commandHarness } from '../harness';

export const DECODE_HELP = `authcanary decode <jwt> [--env NAME]
  Shows header and claims (times as dates, relative to now and to the server's clock when the env's
  health route answers), segment encodings, and which key of the chain verifies the signature.`;

const TIME_CLAIMS = ['iat', 'nbf', 'exp', 'auth_time'];

export async function decodeCommand(
  args: ParsedArgs,
  variables: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const token = args.positionals[0];
  if (!token) throw new UsageError('decode needs a token', 'authcanary decode eyJ... (or "$(cat token.txt)")');
  const decoded = decodeToken(token);
  if (!decoded.ok) {
    console.log(`not a decodable JWT: ${decoded.reason}`);
    return 1;
  }
  const { header, payload, encodings } = decoded.token;
  const now = systemClock.now();
  const envName = flag(args, 'env');
  const harness =
    envName !== undefined || variables['AUTH_ENV'] !== undefined ? await commandHarness(variables, envName) : undefined;

  let serverSkewMs: number | undefined;
  if (harness?.config.target.healthPath && new URL(harness.config.target.baseUrl).port !== '0') {
    const config = harness.config;
    const http = harness.http({ timeoutMs: 3000, retries: 0 });
    const exchange = await http
      .send(`${config.target.baseUrl}${config.target.healthPath}`, { useJar: false })
      .catch(() => undefined);
    await http.close();
    serverSkewMs = readSkew(exchange?.header('date'), now)?.skewMs;
  }

  console.log('header:', JSON.stringify(header));
  console.log('claims:');
  for (const [key, value] of Object.entries(payload)) {
    if (TIME_CLAIMS.includes(key) && typeof value === 'number') {
      const ms = value * 1000;
      const server = serverSkewMs === undefined ? '' : `, ${relative(ms - (now + serverSkewMs))} by the server's clock`;
      console.log(`  ${key}: ${value} = ${new Date(ms).toISOString()} (${relative(ms - now)} by this clock${server})`);
    } else {
      console.log(`  ${key}: ${JSON.stringify(value)}`);
    }
  }
  console.log(
    `segments: header ${encodings[0]}, payload ${encodings[1]}, signature ${encodings[2]}${encodings.includes('base64') ? '  ← standard base64 where JWS requires base64url' : ''}`,
  );
  if (serverSkewMs !== undefined)
    console.log(`server clock: ${serverSkewMs >= 0 ? '+' : ''}${Math.round(serverSkewMs / 1000)} s from this one`);

  if (harness && typeof header['alg'] === 'string' && isHmacAlg(header['alg'])) {
    const alg = header['alg'];
    const resolution = harness.secrets;
    const keys = [resolution.secret, ...keyHypotheses(resolution).map((hypothesis) => hypothesis.secret)];
    for (const secret of keys) {
      const key = await hmacKey(secret, alg).catch(() => undefined);
      if (key && (await signatureVerifies(token, key))) {
        console.log(`signature: verifies with ${secret.source} (${secret.fingerprint})`);
        return 0;
      }
    }
    console.log(
      `signature: verifies with no key of the chain (tried ${keys.length}, resolved ${resolution.source} ${resolution.fingerprint})`,
    );
    return 1;
  }
  if (harness)
    console.log(`signature: ${String(header['alg'])} — not checked (the harness holds no verification key for it)`);
  return 0;
}

function relative(deltaMs: number): string {
  const seconds = Math.round(Math.abs(deltaMs) / 1000);
  const text =
    seconds >= 3600
      ? `${(seconds / 3600).toFixed(1)} h`
      : seconds >= 60
        ? `${(seconds / 60).toFixed(1)} min`
        : `${seconds} s`;
  return deltaMs >= 0 ? `in ${text}` : `${text} ago`;
}
