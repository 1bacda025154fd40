import type { Clock } from '../clock/clock';
import type { TargetConfig } from '../env/target-config';
import type { MintOptions } from './mint-token';
import type { SigningKey } from './signing-key';

/** The mint options a valid token for the test user needs, from the env file. Overrides make the negative cases. */
export function mintOptionsFromConfig(config: TargetConfig, key: SigningKey, clock: Clock): MintOptions {
  return {
    key,
    clock,
    subject: config.jwt.subject,
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    ttlMs: config.jwt.ttlMs,
    claims: config.jwt.claims,
    ...(Object.keys(config.jwt.header).length > 0 ? { header: config.jwt.header } : {}),
  };
}
