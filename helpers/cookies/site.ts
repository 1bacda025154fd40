import { getPublicSuffix } from 'tough-cookie';

/** The "site" of a URL as browsers compute it for SameSite: scheme + registrable domain (or the host for IPs/localhost). */
export function siteOf(url: string): string {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const registrable =
    /^[\d.]+$/.test(host) || host.includes(':') || !host.includes('.') ? host : (getPublicSuffix(host) ?? host);
  return `${parsed.protocol}//${registrable}`;
}

export function isCrossSite(fromUrl: string, toUrl: string): boolean {
  return siteOf(fromUrl) !== siteOf(toUrl);
}
