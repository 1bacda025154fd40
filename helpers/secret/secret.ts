import { inspect } from 'node:util';
import { fingerprint } from './fingerprint';

/**
 * Key material that cannot be printed by accident: String(), JSON.stringify() and util.inspect()
 * all show the fingerprint only. The bytes are reachable through reveal(), a name that stands out in review.
 */
export class Secret {
  readonly #bytes: Uint8Array<ArrayBuffer>;
  readonly fingerprint: string;
  /** Where the value came from, e.g. `env:JWT_SECRET_STAGING` or `file:/run/secrets/jwt#signingKey`. */
  readonly source: string;

  constructor(bytes: Uint8Array, source: string) {
    this.#bytes = Uint8Array.from(bytes);
    this.fingerprint = fingerprint(this.#bytes);
    this.source = source;
  }

  get byteLength(): number {
    return this.#bytes.byteLength;
  }

  /** The key bytes. Only signing, verifying and redaction may call this. */
  reveal(): Uint8Array<ArrayBuffer> {
    return Uint8Array.from(this.#bytes);
  }

  equals(other: Secret): boolean {
    return this.fingerprint === other.fingerprint && this.byteLength === other.byteLength;
  }

  toString(): string {
    return `[Secret ${this.source} ${this.fingerprint}]`;
  }

  toJSON(): { source: string; fingerprint: string; bytes: number } {
    return { source: this.source, fingerprint: this.fingerprint, bytes: this.byteLength };
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
