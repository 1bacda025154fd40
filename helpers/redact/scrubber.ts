import { tokenTag } from './token-tag';

/** Anything that looks like a compact JWS with a signature. */
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_+/=-]{8,}/g;

/**
 * The last line of defence before text reaches a sink (attachment, report, stdout): known sensitive values,
 * in every form they are commonly written, and anything JWT-shaped, become tags.
 */
export class Scrubber {
  readonly #needles = new Map<string, string>();

  /** Registers a value and its derived forms: base64, base64url, URL-encoded, hex. Values under 6 chars are too short to scrub safely. */
  add(value: string | Uint8Array): this {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
    const text = bytes.toString('utf8');
    const tag = tokenTag(text);
    for (const form of derivedForms(bytes)) {
      if (form.length >= 6) this.#needles.set(form, tag);
    }
    return this;
  }

  scrub(text: string): string {
    let out = text.replace(JWT_PATTERN, (match) => tokenTag(match));
    // Longest first, so a value's base64 form is not half-replaced by a shorter needle.
    for (const [needle, tag] of [...this.#needles].sort((a, b) => b[0].length - a[0].length)) {
      if (out.includes(needle)) out = out.split(needle).join(tag);
    }
    return out;
  }
}

export function derivedForms(bytes: Buffer): string[] {
  const text = bytes.toString('utf8');
  const base64 = bytes.toString('base64');
  return [
    ...new Set([
      text,
      base64,
      base64.replace(/=+$/, ''),
      bytes.toString('base64url'),
      encodeURIComponent(text),
      bytes.toString('hex'),
    ]),
  ];
}
