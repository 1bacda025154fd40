import { systemClock } from '../../helpers/clock/clock';
import { readSkew } from '../../helpers/diagnosis/passive/clock-skew';
import { keyHypotheses } from '../../helpers/diagnosis/probes/secret-variants';
import { UsageError } from '../../helpers/errors/authcanary-error';
import { OidcError } from '../../helpers/oidc/oidc-error';
import { connectProvider, verifyThroughProvider } from '../../helpers/oidc/provider';
import { describeVerdict } from '../../helpers/oidc/verify-issued';
import { readToken } from '../../helpers/token/decode-token';
import { hmacKey, isHmacAlg } from '../../helpers/token/signing-key';
import { signatureVerifies } from '../../helpers/token/verify-signature';
import { flag, type ParsedArgs } from '../args';
import { commandHarness } from '../harness';

export const DECODE_HELP = `authcanary decode <jwt> [--env NAME]
  Shows header and claims (times as dates, relative to now and to the server's clock when the env's
  health route answers), segment encodings, and which key of the chain verifies the signature; for an
  identity provider (OIDC_ISSUER / JWKS_URL), which published key (kid) verifies it or why none does.`;

const TIME_CLAIMS = ['iat', 'nbf', 'exp', 'auth_time'];

export async function decodeCommand(
  args: ParsedArgs,
  variables: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const token = args.positionals[0];
  if (!token) throw new UsageError('decode needs a token', 'authcanary decode eyJ... (or "$(cat token.txt)")');
  // Any input is read within bounds (size, nesting) and classified before anything is printed.
  const reading = readToken(token);
  if (reading.kind === 'not-jws') {
    console.log(`not a JWS: ${reading.reason}`);
    return 1;
  }
  if (reading.kind === 'jwe') {
    console.log(`${reading.reason}; header: ${shown(reading.header)}`);
    return 1;
  }
  const { header, payload, encodings } = reading.token;
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

  if (reading.kind === 'unsigned') console.log(`unsigned token: ${reading.reason}; a server must refuse it`);
  console.log('header:', shown(header));
  console.log('claims:');
  for (const [key, value] of Object.entries(payload)) {
    if (TIME_CLAIMS.includes(key) && typeof value === 'number') {
      const ms = value * 1000;
      const server = serverSkewMs === undefined ? '' : `, ${relative(ms - (now + serverSkewMs))} by the server's clock`;
      console.log(`  ${key}: ${value} = ${new Date(ms).toISOString()} (${relative(ms - now)} by this clock${server})`);
    } else {
      console.log(`  ${printable(key)}: ${shown(value)}`);
    }
  }
  console.log(
    `segments: header ${encodings[0]}, payload ${encodings[1]}, signature ${encodings[2]}${encodings.includes('base64') ? '  ← standard base64 where JWS requires base64url' : ''}`,
  );
  if (serverSkewMs !== undefined)
    console.log(`server clock: ${serverSkewMs >= 0 ? '+' : ''}${Math.round(serverSkewMs / 1000)} s from this one`);

  if (reading.kind === 'unsigned') return 1;
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
  if (harness?.config.oauth && typeof header['alg'] === 'string') {
    const config = harness.config;
    const http = harness.http({ retries: 0 });
    try {
      const provider = await connectProvider(http, config);
      const verdict = await verifyThroughProvider(provider, config, token, systemClock);
      if (verdict) {
        console.log(`signature: ${describeVerdict(verdict)}`);
        console.log(
          `  keys: ${provider.keys?.url ?? ''} published ${verdict.publishedKids.map((kid) => JSON.stringify(kid)).join(', ') || 'no kid'}`,
        );
        return verdict.ok ? 0 : 1;
      }
    } catch (error) {
      if (!(error instanceof OidcError)) throw error;
      console.log(`signature: not checked: ${error.message} (${error.hint})`);
      return 1;
    } finally {
      await http.close();
    }
  }
  if (harness)
    console.log(
      `signature: ${String(header['alg'])} — not checked (the harness holds no verification key for it; declare OIDC_ISSUER or JWKS_URL to verify through the issuer's published keys)`,
    );
  return 0;
}

/** A claim as printed: JSON, cut at 400 characters, no control character reaching the terminal. */
function shown(value: unknown): string {
  const text = printable(JSON.stringify(value) ?? String(value));
  return text.length > 400 ? `${text.slice(0, 400)}… (${text.length} characters)` : text;
}

const printable = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');

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
