import { readServerReason as readReason, type ServerReason } from '../../http/response-reason';

export type { ServerReason } from '../../http/response-reason';

/** The server's reason for a refusal, preferring one that names a cause the ladder knows. */
export function readServerReason(exchange: Parameters<typeof readReason>[0]): ServerReason | undefined {
  return readReason(exchange, (text) => causeFromReason(text) !== undefined);
}

export type ReasonCause =
  | 'audience'
  | 'issuer'
  | 'algorithm'
  | 'expired'
  | 'not-yet-valid'
  | 'signature'
  | 'unknown-key'
  | 'malformed'
  | 'required-claim'
  | 'token-type'
  | 'library-not-loaded'
  | 'credential-not-received';

/**
 * What a server's reason points at, in the words of the common JWT libraries. First match wins, so the more specific
 * phrases come first ("Jwt used before …" is a time claim, not a malformed token; "invalid or expired" names neither).
 */
const PATTERNS: readonly (readonly [RegExp, ReasonCause])[] = [
  // The verifier never ran: the runtime could not load the JWT library or the handler. Python "No module named 'jwt'"
  // (ModuleNotFoundError, ImportError); the Lambda runtime "Runtime.ImportModuleError: Unable to import module";
  // a native module built for another platform ("invalid ELF header", "wrong ELF class", "cannot open shared object
  // file", "GLIBC_2.xx not found"); Node "Cannot find module"; an app's own "JWT library not available".
  [
    /no module named|runtime\.importmoduleerror|unable to import module|importerror|invalid elf header|wrong elf class|cannot open shared object file|glibc_[\d.]+'? not found|cannot find module|err_module_not_found|library not available|library not loaded/,
    'library-not-loaded',
  ],
  // Time: not yet valid. jsonwebtoken "jwt not active"; golang-jwt "token is not valid yet", "token used before issued";
  // Spring "Jwt used before …"; PyJWT "The token is not yet valid (iat|nbf)"; ASP.NET IDX10222 "not yet valid",
  // "The token is not valid before"; fast-jwt "The token will be active at"; jose "nbf"/"iat" timestamp check failed.
  [
    /jwt not active|not valid yet|not yet valid|used before|not valid before|will be active|immature|\bnbf\b|"iat" claim timestamp|\biat\b.*future/,
    'not-yet-valid',
  ],
  // Time: expired. jsonwebtoken "jwt expired"; PyJWT "Signature has expired"; golang-jwt "token is expired";
  // Spring "Jwt expired at"; ASP.NET IDX10223 "The token is expired"/"The token expired at"; fast-jwt "has expired".
  [/expired|\bexp\b/, 'expired'],
  // Token type: simplejwt "Token has wrong type" / "Token has no type" / "not valid for any token type";
  // flask-jwt-extended "Only non-refresh tokens are allowed", "Only access tokens are allowed"; jose 'unexpected
  // "typ" JWT header value'; aws-jwt-verify "Token use not allowed: id. Expected: access", "Missing Token use".
  [
    /token type|wrong type|has no type|non-refresh|access tokens are allowed|refresh tokens are allowed|\btyp\b|token use|token_use/,
    'token-type',
  ],
  // Required claims: PyJWT 'Token is missing the "x" claim'; jose 'missing required "x" claim'; golang-jwt
  // "token is missing required claim"; flask-jwt-extended "Missing claim: x"; simplejwt "Token has no id".
  [
    /missing (the |required )?"?[\w:-]+"? claim|missing claim|required claim|token has no id|no recognizable user/,
    'required-claim',
  ],
  // The backend saw no token at all: flask-jwt-extended "Missing Authorization Header", 'Missing cookie "x"';
  // express-jwt "No authorization token was found"; an app's own "no <name> cookie"; Spring "Bearer token is missing".
  [
    /missing authorization header|missing cookie|no authorization token|no [\w.-]+ cookie|token is missing|no token (was )?(found|provided|present)/,
    'credential-not-received',
  ],
  // Audience: jsonwebtoken "jwt audience invalid"; jose 'unexpected "aud" claim value'; fast-jwt "The aud claim value
  // is not allowed"; PyJWT "Invalid audience"; aws-jwt-verify 'Client ID ("audience") not allowed'; golang-jwt "token
  // has invalid audience"; Spring "The aud claim is not valid"; ASP.NET IDX10214 "Audience validation failed".
  [/\baud\b|audience|client id not allowed|client_id not allowed/, 'audience'],
  // Issuer: jsonwebtoken "jwt issuer invalid"; jose/fast-jwt on "iss"; PyJWT "Invalid issuer"; aws-jwt-verify "Issuer
  // not allowed"; golang-jwt "token has invalid issuer"; Spring "The iss claim is not valid"; ASP.NET IDX10205.
  [/\biss\b|issuer/, 'issuer'],
  // Algorithm: jsonwebtoken "invalid algorithm"; golang-jwt "signing method … is invalid"; PyJWT "alg value is not allowed".
  [/\balg\b|algorithm|signing method/, 'algorithm'],
  // Key lookup: oidc-provider "no applicable key found in the JSON Web Key Set"; ASP.NET IDX10503/IDX10500 "signature key
  // was not found"; Spring "no matching key(s) found"; golang-jwt "token is unverifiable"; jose "no applicable key".
  [/no applicable key|key was not found|no matching key|unverifiable|key not found|\bkid\b/, 'unknown-key'],
  [/signature/, 'signature'],
  // Malformed: jsonwebtoken "jwt malformed"; golang-jwt "token is malformed"; PyJWT "Not enough segments",
  // "Invalid header padding"; jose "Invalid Compact JWS"; fast-jwt "The token is malformed".
  [/malformed|invalid compact|decode|segments|padding|invalid header string/, 'malformed'],
];

export function causeFromReason(text: string | undefined): ReasonCause | undefined {
  if (!text) return undefined;
  const lower = text.toLowerCase();
  // Ambiguous wording (simplejwt "Token is invalid or expired", "Invalid or expired token"): names no cause.
  if (/invalid or expired|expired or invalid/.test(lower)) return undefined;
  return PATTERNS.find(([pattern]) => pattern.test(lower))?.[1];
}

/** The claim a "missing claim" reason names (`Token is missing the "aud" claim` → `aud`), if it names one. */
export function claimNamedIn(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const match = /missing (?:the |required )?"?([\w:-]+)"? claim|missing claim:?\s*"?([\w:-]+)/i.exec(text);
  return match?.[1] ?? match?.[2];
}
