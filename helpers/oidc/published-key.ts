import type { JWK } from 'jose';
import { decodeToken } from '../token/decode-token';
import type { Provider } from './provider';

/** The published key a token names by kid (or the only signing key of the set): the public key a verifier uses. */
export async function publishedKeyFor(provider: Provider, token: string): Promise<JWK | undefined> {
  if (!provider.keys) return undefined;
  const jwks = await provider.keys.current();
  const decoded = decodeToken(token);
  const kid = decoded.ok ? decoded.token.header['kid'] : undefined;
  const signing = jwks.keys.filter((key) => key.use === undefined || key.use === 'sig');
  return (signing.find((key) => kid !== undefined && key.kid === kid) ??
    (signing.length === 1 ? signing[0] : undefined)) as JWK | undefined;
}
