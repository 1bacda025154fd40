/**
 * The secret resolver: a standalone module with no dependency on the rest of authcanary,
 * so that a Node backend can import the very same code. Conformance vectors: ./vectors.json.
 */
export {
  resolveSecret,
  type ResolveSecretOptions,
  type SecretResolution,
  type ChainEntryReport,
  type ChainEntryStatus,
} from './resolve-secret';
export { DEFAULT_SECRET_CHAIN, parseChain, parseChainEntry, envSuffix, type ChainSource } from './chain';
export { decodeSecret, type SecretEncoding } from './decode-secret';
export { fingerprint, FINGERPRINT_LABEL } from './fingerprint';
export { Secret } from './secret';
export { SecretError, type SecretErrorCode } from './errors';
export { WEAK_SECRETS, isWeakSecret } from './weak-secrets';
export type { SecretWarning, SecretWarningCode } from './warnings';
