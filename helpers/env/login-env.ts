import { z } from 'zod';

/**
 * Env value parsers for the login/refresh request shapes. Values are JSON objects (single-quote them in a .env
 * file if they contain `#`, which dotenv otherwise takes for a comment). Messages never quote values.
 */

/** `{"grant_type":"password","scope":"openid profile"}`: fixed body fields; keys may be dotted paths for JSON. */
export const extraFields = z.string().transform((text, ctx) => {
  const value = parseObject(text);
  if (value === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected a JSON object, e.g. {"grant_type":"password"}' });
    return z.NEVER;
  }
  for (const key of Object.keys(value))
    if (!/^[^.\s]+(\.[^.\s]+)*$/.test(key)) {
      ctx.addIssue({ code: 'custom', message: 'field names must be non-empty paths without spaces' });
      return z.NEVER;
    }
  return value;
});

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const REFUSED_HEADERS = new Set(['host', 'content-length', 'cookie', 'authorization']);

/** `{"X-Amz-Target":"AWSCognitoIdentityProviderService.InitiateAuth"}`: extra request headers, string values. */
export const extraHeaders = z.string().transform((text, ctx) => {
  const value = parseObject(text);
  if (value === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected a JSON object of header names to strings, e.g. {"X-Api-Key":"…"}',
    });
    return z.NEVER;
  }
  const headers: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (!HEADER_NAME.test(name) || typeof item !== 'string' || /[\r\n]/.test(item)) {
      ctx.addIssue({ code: 'custom', message: 'each header needs a token name and a one-line string value' });
      return z.NEVER;
    }
    if (REFUSED_HEADERS.has(name.toLowerCase())) {
      ctx.addIssue({
        code: 'custom',
        message: `${name.toLowerCase()} is set by the harness (credentials go in secret variables, never in this file)`,
      });
      return z.NEVER;
    }
    headers[name.toLowerCase()] = item;
  }
  return headers;
});

export const bodyEncoding = z.enum(['json', 'form'], { message: 'expected json or form' });

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported by the caller
  }
  return undefined;
}
