/** A parsed RFC 6750 challenge: `Bearer realm="x", error="invalid_token", error_description="..."`. */
export interface BearerChallenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
  /** RFC 7235 token68 credentials-like value (`Negotiate YII…=`), when the challenge carries one instead of params. */
  readonly token68?: string;
}

const TOKEN = /^[\w!#$%&'*+.^`|~-]+/;
const TOKEN68 = /^[A-Za-z0-9._~+/-]+=*/;

/**
 * Parses a WWW-Authenticate header (one or more challenges, RFC 7235 §4.1): `scheme [token68 | param, …]`.
 * A token68 is kept as such (never taken for another scheme); an unclosed quoted string runs to the end of the header.
 * Unknown shapes give what could be read, never a throw.
 */
export function parseWwwAuthenticate(header: string | undefined): BearerChallenge[] {
  if (!header) return [];
  const challenges: { scheme: string; params: Record<string, string>; token68?: string }[] = [];
  let rest = header;
  const skip = (pattern: RegExp) => {
    rest = rest.replace(pattern, '');
  };
  while (rest.length > 0) {
    skip(/^[\s,]+/);
    const scheme = TOKEN.exec(rest)?.[0];
    if (!scheme) {
      // Not a token: drop one character and go on (garbage between challenges).
      rest = rest.slice(1);
      continue;
    }
    rest = rest.slice(scheme.length);
    const challenge: { scheme: string; params: Record<string, string>; token68?: string } = { scheme, params: {} };
    challenges.push(challenge);
    if (!/^[ \t]+\S/.test(rest)) continue;
    skip(/^[ \t]+/);
    // token68: a run of token68 characters followed by the end or a comma (not by `=value` of a param).
    const token68 = TOKEN68.exec(rest)?.[0];
    if (token68 && /^\s*(,|$)/.test(rest.slice(token68.length)) && !/^[\w!#$%&'*+.^`|~-]+\s*=\s*[^=\s,]/.test(rest)) {
      challenge.token68 = token68;
      rest = rest.slice(token68.length);
      continue;
    }
    // auth-params until the next scheme (a token not followed by `=`).
    for (;;) {
      skip(/^[\s,]+/);
      const name = TOKEN.exec(rest)?.[0];
      if (!name) break;
      const afterName = rest.slice(name.length);
      const eq = /^\s*=\s*/.exec(afterName);
      if (!eq) break; // the next challenge's scheme
      rest = afterName.slice(eq[0].length);
      let value: string;
      if (rest.startsWith('"')) {
        value = '';
        let index = 1;
        for (; index < rest.length; index++) {
          const char = rest[index] as string;
          if (char === '\\' && index + 1 < rest.length) value += rest[++index];
          else if (char === '"') break;
          else value += char;
        }
        rest = rest.slice(index + 1);
      } else {
        value = /^[^\s,]*/.exec(rest)?.[0] ?? '';
        rest = rest.slice(value.length);
      }
      challenge.params[name.toLowerCase()] = value;
    }
  }
  return challenges;
}

/** The first Bearer challenge of a WWW-Authenticate header (RFC 6750): the one every reader of a refusal uses. */
export function bearerChallenge(header: string | undefined): BearerChallenge | undefined {
  return parseWwwAuthenticate(header).find((item) => item.scheme.toLowerCase() === 'bearer');
}
