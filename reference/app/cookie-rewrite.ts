import { hasAppFault } from './app-faults';

/**
 * The cookie-attribute faults, applied to the auth service's Set-Cookie lines where a deployment would get them wrong
 * (framework cookie settings, a proxy's cookie rewrite). Pure: (lines, request path, faults) → lines.
 */

export const SESSION_COOKIE = 'access_token';
export const REFRESH_COOKIE = 'refresh_token';
export const OVERSIZED_COOKIE = 'id_token';
/** Where `cookie-refresh-path` scopes the refresh cookie (seed 000, DVP-ISS-015). */
export const NARROW_REFRESH_PATH = '/api/v1/auth';
/** Where `logout-wrong-path` clears the session cookie: not its Path, so the browser keeps it. */
export const WRONG_LOGOUT_PATH = '/api/v1/auth';
export const LOGOUT_PATH = '/api/v1/auth/logout';
export const ISSUING_PATHS: ReadonlySet<string> = new Set(['/api/v1/auth/login', '/api/v1/auth/refresh']);

export function rewriteSetCookies(
  lines: readonly string[],
  requestPath: string,
  faults: ReadonlySet<string>,
  filler: () => string,
): string[] {
  const out = lines.map((line) => rewriteLine(line, requestPath, faults));
  if (hasAppFault(faults, 'cookie-oversized') && ISSUING_PATHS.has(requestPath)) {
    // A large id token next to the session (Cognito id tokens with many groups do this): name + value > 4096 bytes.
    out.push(`${OVERSIZED_COOKIE}=${filler()}; Path=/; HttpOnly; Secure; SameSite=None`);
  }
  if (ISSUING_PATHS.has(requestPath)) out.push(...extraCookies(faults, filler));
  return out;
}

/** Cookies some deployments add beside the session: each fault adds one the browser mishandles or a record must hide. */
function extraCookies(faults: ReadonlySet<string>, filler: () => string): string[] {
  const out: string[] = [];
  // A nameless cookie (no "="): browsers store it under the empty name; its whole text is the value.
  if (hasAppFault(faults, 'cookie-nameless-session'))
    out.push(
      `opaqueSessionId${Buffer.from(filler().slice(0, 16)).toString('hex')}; Path=/; HttpOnly; Secure; SameSite=None`,
    );
  // A lower-case __host- prefix is still the __Host- prefix to browsers: this one breaks its rules (Path), so it is refused.
  if (hasAppFault(faults, 'cookie-host-prefix-lowercase'))
    out.push(`__host-session=${filler().slice(0, 32)}; Path=/api/v1; Secure; HttpOnly; SameSite=None`);
  // A CHIPS cookie without Secure: Chromium drops it without saying why.
  if (hasAppFault(faults, 'cookie-partitioned-insecure'))
    out.push(`chips_session=${filler().slice(0, 32)}; Path=/; HttpOnly; SameSite=Lax; Partitioned`);
  return out;
}

function rewriteLine(line: string, requestPath: string, faults: ReadonlySet<string>): string {
  const name = (line.split('=', 1)[0] ?? '').trim();
  let out = line;
  // Scoped where it is issued only; logout clears it at Path=/, which leaves the narrow one in place (seed 000).
  if (name === REFRESH_COOKIE && hasAppFault(faults, 'cookie-refresh-path') && ISSUING_PATHS.has(requestPath))
    out = setAttribute(out, 'Path', NARROW_REFRESH_PATH);
  if (name === SESSION_COOKIE && hasAppFault(faults, 'cookie-samesite-lax')) out = setAttribute(out, 'SameSite', 'Lax');
  if (name === SESSION_COOKIE && hasAppFault(faults, 'cookie-samesite-none-insecure')) out = removeFlag(out, 'Secure');
  if (name === SESSION_COOKIE && requestPath === LOGOUT_PATH && hasAppFault(faults, 'logout-wrong-path'))
    out = setAttribute(out, 'Path', WRONG_LOGOUT_PATH);
  if (name === SESSION_COOKIE && hasAppFault(faults, 'cookie-token-base64')) out = standardBase64Value(out);
  return out;
}

/**
 * Seed 000 (DVP-ISS-013): a cookie writer that re-encodes the token's segments with the standard base64 alphabet and
 * padding (`+`, `/`, `=`) where JWS requires base64url. The verifier, rightly strict, then refuses the cookie.
 */
function standardBase64Value(line: string): string {
  const eq = line.indexOf('=');
  const semi = line.indexOf(';');
  const value = line.slice(eq + 1, semi === -1 ? undefined : semi);
  if (value.split('.').length !== 3) return line;
  const standard = value
    .split('.')
    .map((segment) => Buffer.from(segment, 'base64url').toString('base64'))
    .join('.');
  return `${line.slice(0, eq + 1)}${standard}${semi === -1 ? '' : line.slice(semi)}`;
}

function setAttribute(line: string, attribute: string, value: string): string {
  const parts = line.split(';').map((part) => part.trim());
  const index = parts.findIndex((part, i) => i > 0 && part.toLowerCase().startsWith(`${attribute.toLowerCase()}=`));
  if (index === -1) parts.push(`${attribute}=${value}`);
  else parts[index] = `${attribute}=${value}`;
  return parts.join('; ');
}

function removeFlag(line: string, flag: string): string {
  return line
    .split(';')
    .map((part) => part.trim())
    .filter((part, i) => i === 0 || part.toLowerCase() !== flag.toLowerCase())
    .join('; ');
}
