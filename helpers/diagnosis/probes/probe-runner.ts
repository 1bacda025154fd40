import type { Clock } from '../../clock/clock';
import type { TargetConfig } from '../../env/target-config';
import type { HttpClient } from '../../http/http-client';
import type { HttpExchange } from '../../http/exchange';
import { mintToken, type MintOptions } from '../../token/mint-token';
import { mintOptionsFromConfig } from '../../token/claims-from-config';
import type { Secret } from '../../secret/secret';
import { signClaims, signClaimsWithRawHmac } from '../../token/sign-claims';
import type { SigningKey } from '../../token/signing-key';

export interface ProbeRecord {
  readonly label: string;
  readonly status: number | 'skipped';
  readonly accepted: boolean;
}

export type Delivery = 'header' | 'cookie';

/**
 * Sends bounded probe requests to one route and keeps a redacted log of them. Every probe is a GET/…
 * of the route under diagnosis with a token varied in one respect; the budget caps the total.
 */
export class ProbeRunner {
  readonly records: ProbeRecord[] = [];
  #used = 0;
  /** The request count the current step may not pass (set by the ladder's runner per step). */
  #cap = Number.POSITIVE_INFINITY;

  constructor(
    private readonly http: HttpClient,
    private readonly config: TargetConfig,
    private readonly route: { url: string; method: string },
    private readonly budget: number,
    /** What a valid identity gets on this route: 2xx, or e.g. 403 on a route the user may not use (authenticated, then forbidden). */
    private readonly expectedStatus?: number,
    /** The status being diagnosed. When it is 401, a probe answered 403 got past authentication: its token was accepted. */
    private readonly refusedWith?: number,
  ) {}

  /** Did the server accept the credentials? 2xx, the route's declared status, or 403 when diagnosing a 401. */
  accepts(status: number): boolean {
    if (accepted(status)) return true;
    if (this.expectedStatus !== undefined && this.expectedStatus !== 401 && status === this.expectedStatus) return true;
    return this.refusedWith === 401 && status === 403;
  }

  get used(): number {
    return this.#used;
  }

  get exhausted(): boolean {
    return this.#used >= Math.min(this.budget, this.#cap);
  }

  /** Requests the current step may still send: the budget's rest, within the step's cap. */
  get remaining(): number {
    return Math.max(0, Math.min(this.budget, this.#cap) - this.#used);
  }

  /** Requests the whole diagnosis may still send, whatever the current step's cap. */
  get budgetLeft(): number {
    return Math.max(0, this.budget - this.#used);
  }

  /** Caps the requests of the current step at `total` sent in all (Infinity lifts the cap). */
  capAt(total: number): void {
    this.#cap = total;
  }

  /** Whether an optional probe may run and still leave `reserve` requests of the budget for the ones that must (the chain's keys). */
  spare(reserve: number): boolean {
    return this.budgetLeft > reserve;
  }

  /** Counts a request made outside the probes (e.g. the health route), so the total is what was really sent. */
  count(label: string, status: number): void {
    this.#used++;
    this.records.push({ label, status, accepted: false });
  }

  /** Signs an exact header and payload (see signClaims) and sends it; `key` may be raw bytes for an empty HMAC key. */
  async signAndSend(
    label: string,
    header: Readonly<Record<string, unknown>>,
    payload: Readonly<Record<string, unknown>>,
    key: SigningKey | { raw: Secret; alg: string },
  ): Promise<boolean> {
    let token: string;
    try {
      token =
        'raw' in key
          ? signClaimsWithRawHmac(header, payload, key.raw, key.alg)
          : await signClaims(header, payload, key);
    } catch {
      this.records.push({ label: `${label} (key unusable)`, status: 'skipped', accepted: false });
      return false;
    }
    const exchange = await this.send(label, token);
    return exchange !== undefined && this.accepts(exchange.status);
  }

  /** Sends a token; accepted means 2xx (or the declared status of the route when it is 2xx). */
  async send(
    label: string,
    token: string | undefined,
    delivery: Delivery = 'header',
  ): Promise<HttpExchange | undefined> {
    if (this.exhausted) {
      this.records.push({ label, status: 'skipped', accepted: false });
      return undefined;
    }
    this.#used++;
    const cookieName = this.config.tokenCookie;
    const headers: Record<string, string> =
      delivery === 'cookie' && token !== undefined && cookieName ? { cookie: `${cookieName}=${token}` } : {};
    const exchange = await this.http.send(this.route.url, {
      method: this.route.method,
      headers,
      ...(delivery === 'header' && token !== undefined ? { bearer: token } : {}),
      useJar: false,
      label: `probe: ${label}`,
    });
    this.records.push({ label, status: exchange.status, accepted: this.accepts(exchange.status) });
    return exchange;
  }

  async mintAndSend(
    label: string,
    base: { key: SigningKey; clock: Clock },
    overrides: Partial<MintOptions> = {},
    delivery: Delivery = 'header',
  ): Promise<boolean> {
    let token: string;
    try {
      token = await mintToken({
        ...mintOptionsFromConfig(this.config, base.key, base.clock),
        notBeforeOffsetMs: 0,
        ...overrides,
      });
    } catch {
      this.records.push({ label: `${label} (key unusable)`, status: 'skipped', accepted: false });
      return false;
    }
    const exchange = await this.send(label, token, delivery);
    return exchange !== undefined && this.accepts(exchange.status);
  }
}

export function accepted(status: number): boolean {
  return status >= 200 && status < 300;
}
