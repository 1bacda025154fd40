import { randomUUID } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import type { Clock } from '../clock/clock';
import type { SigningKey } from './signing-key';

export interface MintOptions {
  readonly key: SigningKey;
  readonly clock: Clock;
  readonly subject?: string | undefined;
  readonly issuer?: string | undefined;
  readonly audience?: string | undefined;
  /** Lifetime from `iat`. Negative offsets below make already-expired or not-yet-valid tokens. */
  readonly ttlMs: number;
  /** Shift `iat` (and so `exp`) relative to the clock, e.g. -10 minutes for an expired token. */
  readonly issuedAtOffsetMs?: number;
  /** Set `nbf` at this offset from the clock. */
  readonly notBeforeOffsetMs?: number;
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Extra protected-header fields (typ, kid, crit, ...). `alg` always comes from the key. */
  readonly header?: Readonly<Record<string, unknown>>;
  /** Leave out `exp` entirely (a negative case). */
  readonly omitExpiry?: boolean;
}

/** Mints a JWT with jose. Claims from the env file come in through `claims`, standard ones through options. */
export async function mintToken(options: MintOptions): Promise<string> {
  const nowSec = Math.floor((options.clock.now() + (options.issuedAtOffsetMs ?? 0)) / 1000);
  const jwt = new SignJWT({ ...(options.claims as JWTPayload | undefined) })
    .setProtectedHeader({ typ: 'JWT', ...options.header, alg: options.key.alg })
    .setIssuedAt(nowSec)
    .setJti(randomUUID());
  if (!options.omitExpiry) jwt.setExpirationTime(nowSec + Math.floor(options.ttlMs / 1000));
  if (options.notBeforeOffsetMs !== undefined)
    jwt.setNotBefore(Math.floor((options.clock.now() + options.notBeforeOffsetMs) / 1000));
  if (options.subject !== undefined) jwt.setSubject(options.subject);
  if (options.issuer !== undefined) jwt.setIssuer(options.issuer);
  if (options.audience !== undefined) jwt.setAudience(options.audience);
  return jwt.sign(options.key.key);
}
