/**
 * 'own-key': the harness holds the signing key (HS*, or SIGNING_KEY_CHAIN for an asymmetric algorithm).
 * 'none': an asymmetric algorithm without a private key (the provider signs): no-mint mode.
 */
export type MintMode = 'own-key' | 'none';

export function mintMode(alg: string, signingKeyChain: readonly string[] | undefined): MintMode {
  return alg.startsWith('HS') || signingKeyChain !== undefined ? 'own-key' : 'none';
}
