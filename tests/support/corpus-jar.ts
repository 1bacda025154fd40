import { defaultPath, getPublicSuffix, pathMatch } from 'tough-cookie';
import { browserRefusals } from '../../helpers/cookies/browser-rules';
import { COOKIE_MAX_BYTES } from '../../helpers/cookies/audit-set-cookie';
import { parseSetCookie, type ParsedSetCookie } from '../../helpers/cookies/parse-set-cookie';

/** One http-state parser case (tests/unit/data/http-state/parser.json). */
export interface CorpusCase {
  readonly test: string;
  readonly received: readonly string[];
  readonly sent: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  readonly 'sent-to'?: string;
}

export interface SentCookie {
  readonly name: string;
  readonly valueTag: string;
}

interface Stored {
  readonly cookie: ParsedSetCookie;
  readonly domain: string;
  readonly hostOnly: boolean;
  readonly path: string;
  readonly created: number;
}

/**
 * The smallest store that turns the parser's verdicts into "what is sent where", so the corpus tests the parser and the
 * browser rules (not tough-cookie's jar): storage and retrieval steps of RFC 6265bis §5.7 and §5.8.3, with
 * tough-cookie's default path, path matching and public-suffix list. Lines run through parseSetCookie + browserRefusals.
 */
export function corpusSend(
  received: readonly string[],
  from: string,
  to: string,
  parse: (line: string) => ParsedSetCookie | undefined = parseSetCookie,
  refuse: (cookie: ParsedSetCookie) => boolean = (cookie) => browserRefusals(cookie, COOKIE_MAX_BYTES).length > 0,
): SentCookie[] {
  const request = new URL(from);
  const host = request.hostname.toLowerCase();
  const jar = new Map<string, Stored>();
  let clock = 0;
  for (const line of received) {
    const cookie = parse(line);
    if (cookie === undefined || refuse(cookie)) continue;
    let domain = host;
    let hostOnly = true;
    if (cookie.domain !== undefined) {
      const suffixOnly = isPublicSuffix(cookie.domain);
      if (suffixOnly && cookie.domain !== host) continue;
      if (!suffixOnly) {
        if (!domainMatches(host, cookie.domain)) continue;
        domain = cookie.domain;
        hostOnly = false;
      }
    }
    const path = cookie.path ?? defaultPath(request.pathname);
    const key = `${cookie.name}\u0000${domain}\u0000${path}`;
    const old = jar.get(key);
    if (cookie.clears) {
      jar.delete(key);
      continue;
    }
    jar.set(key, { cookie, domain, hostOnly, path, created: old?.created ?? clock++ });
  }
  const target = new URL(to);
  const targetHost = target.hostname.toLowerCase();
  return [...jar.values()]
    .filter((item) => (item.hostOnly ? item.domain === targetHost : domainMatches(targetHost, item.domain)))
    .filter((item) => pathMatch(target.pathname, item.path))
    .filter((item) => !item.cookie.secure || target.protocol === 'https:')
    .sort((a, b) => b.path.length - a.path.length || a.created - b.created)
    .map((item) => ({ name: item.cookie.name, valueTag: item.cookie.valueTag }));
}

export function corpusUrls(item: CorpusCase): { from: string; to: string } {
  return {
    from: `http://home.example.org/cookie-parser?${item.test}`,
    to:
      item['sent-to'] === undefined
        ? `http://home.example.org/cookie-parser-result?${item.test}`
        : new URL(item['sent-to'], 'http://home.example.org').toString(),
  };
}

/** tough-cookie throws for special-use names (`.test`, `.local`): those are no registrable domain either. */
function isPublicSuffix(domain: string): boolean {
  try {
    return getPublicSuffix(domain) == null;
  } catch {
    return true;
  }
}

/** RFC 6265bis §5.1.3, on the string as the parser left it (tough-cookie's domainMatch would canonicalise it first). */
function domainMatches(host: string, domain: string): boolean {
  return host === domain || (host.endsWith(`.${domain}`) && /^[a-z0-9.-]+$/.test(domain) && !/^[0-9.]+$/.test(host));
}
