import type { CatalogueEntry } from '../entry';

/**
 * How an answer is judged before any auth meaning is read into it: a redirect is not an answer about credentials,
 * and a token only a key holder can craft is a hardening gap, not an open door.
 */
export const VERDICT_ENTRIES = {
  AC_INFRA_REDIRECT: {
    title: 'Target answered a redirect (3xx)',
    meaning:
      'The target (or an ingress in front of it) answered 3xx where a check expected the application to judge the request, e.g. an http→https ingress answering 301 on every path. A redirect is neither an acceptance nor a refusal: nothing was tested.',
    evidence: 'the request, the status and the Location it points to',
    fix: 'Point TARGET_BASE_URL (TARGET_AUTH_URL) at the URL the redirect leads to (often https://), or fix the ingress rule.',
    seeds: [],
    kind: 'infra',
    severity: 'error',
  },
  AC_INFRA_REDIRECT_LOOP: {
    title: 'Target redirects in a loop',
    meaning:
      'Following the target’s redirects comes back to a URL already visited (or never ends): a misconfigured ingress or app; nothing can be tested.',
    evidence: 'the chain of URLs and statuses',
    fix: 'Fix the redirect rules of the ingress or app (e.g. an https redirect behind a TLS-terminating proxy that does not set X-Forwarded-Proto).',
    seeds: [],
    kind: 'infra',
    severity: 'error',
  },
  AC_OVERSIZED_TOKEN_ACCEPTED: {
    title: 'Validly signed oversized token accepted',
    meaning:
      'A token signed with the right key, with an oversized claim (a large Authorization header), was accepted. Only a key holder can make it, so it is not a forgery; a size limit on headers and tokens is a hardening measure against resource exhaustion.',
    evidence: 'the size of the Authorization header sent, the status it got',
    fix: 'Limit header size at the edge (e.g. 8–16 KiB) or the token size in the verifier; declare the limit if it is deliberate.',
    seeds: [],
    kind: 'auth',
    severity: 'warning',
  },
  AC_UNKNOWN_CRIT_ACCEPTED: {
    title: 'Token with an unknown critical header accepted',
    meaning:
      'A validly signed token whose "crit" header lists an extension the verifier cannot know was accepted (RFC 7515 §4.1.11 says refuse). Only a key holder can craft it, so this is a standards deviation, not an open door (jsonwebtoken 9 ignores crit).',
    evidence: 'the crit value sent, the status it got',
    fix: 'Use a verifier that honours crit (jose does), or refuse tokens with a crit header you do not understand.',
    seeds: [],
    kind: 'auth',
    severity: 'warning',
  },
} as const satisfies Record<string, CatalogueEntry>;
