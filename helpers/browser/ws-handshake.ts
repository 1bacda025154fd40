import type { ResponseSetCookie } from './cdp-cookie-capture';
import type { WsHandshake } from './cdp-ws-capture';
import type { PageSocketOutcome } from './app-socket';
import { isThirdPartyReason } from './third-party-world';
import { diagnosis, type Diagnosis } from '../diagnosis/diagnosis';
import type { WsConfig } from '../env/ws-config';
import { isWelcome, welcomeUser } from '../ws/welcome';

export interface BrowserHandshakeInput {
  readonly config: Pick<WsConfig, 'cookie' | 'welcomeType' | 'welcomeField' | 'url'>;
  readonly appOrigin: string;
  readonly expectedUser: string;
  readonly handshake: WsHandshake;
  /** The token cookie's line in the login response, as Chromium judged it (undefined: not set there). */
  readonly loginSetCookie?: ResponseSetCookie | undefined;
  readonly page: PageSocketOutcome;
}

export interface BrowserHandshakeFinding {
  /** Failures, in any world. */
  readonly diagnoses: Diagnosis[];
  /** The cookie withheld only as third-party: reported, not failed (same policy as the cookie browser suite). */
  readonly thirdParty: string[];
  readonly cookieSent: boolean;
  /** Where `cookieSent` comes from: Chromium's handshake headers, or (when CDP leaves Cookie out of WebSocket handshakes,
   * as Chromium does today) the welcome naming the user to a page that offered no other credential. */
  readonly evidence: 'cdp-handshake-headers' | 'welcome-without-other-credential' | 'none';
  readonly reasons: readonly string[];
  readonly pageSaw: string;
}

/** Judges one handshake the app page made: did the token cookie ride along, and did the page get the right welcome. */
export function judgeBrowserHandshake(input: BrowserHandshakeInput): BrowserHandshakeFinding {
  const { config, handshake, page } = input;
  const cookie = config.cookie;
  const welcome = { text: '', json: page.firstMessage };
  const user = isWelcome(config)(welcome) ? welcomeUser(config, welcome) : undefined;
  const inHeaders = handshake.cookieNames.includes(cookie);
  const inferred = !inHeaders && handshake.status === 101 && user === input.expectedUser;
  const cookieSent = inHeaders || inferred;
  const reasons = cookieSent ? [] : withheldReasons(cookie, handshake, input.loginSetCookie);
  const pageSaw = describe(page, config.welcomeType);
  const evidence = {
    cookie,
    url: config.url,
    appOrigin: input.appOrigin,
    status: handshake.status,
    chromiumReasons: reasons,
    handshakeCookies: handshake.cookieNames,
    pageSaw,
    engine: 'chromium (CDP)',
  };
  const finding: BrowserHandshakeFinding = {
    diagnoses: [],
    thirdParty: [],
    cookieSent,
    evidence: inHeaders ? 'cdp-handshake-headers' : inferred ? 'welcome-without-other-credential' : 'none',
    reasons,
    pageSaw,
  };
  if (handshake.status === 403) {
    finding.diagnoses.push(
      diagnosis(
        'AC_WS_APP_ORIGIN_REFUSED',
        `the WebSocket upgrade from the app origin ${input.appOrigin} was refused with 403`,
        evidence,
      ),
    );
    return finding;
  }
  // An upgrade answered 5xx/429, or never answered while the login set no cookie: the server judged nothing.
  const infraStatus = handshake.status !== undefined && (handshake.status >= 500 || handshake.status === 429);
  const noAnswer = handshake.status === undefined && input.loginSetCookie === undefined;
  if (infraStatus || noAnswer) {
    finding.diagnoses.push(
      diagnosis(
        'AC_WS_INFRA',
        `the WebSocket handshake from ${input.appOrigin} ${infraStatus ? `answered ${handshake.status}` : 'got no answer and the login set no cookie'}: infrastructure, not a credential problem; the page saw ${pageSaw}`,
        evidence,
      ),
    );
    return finding;
  }
  if (!cookieSent) {
    if (reasons.length > 0 && reasons.every(isThirdPartyReason)) {
      finding.thirdParty.push(
        `${cookie} not sent on the WebSocket handshake: blocked as a third-party cookie (${reasons.join(', ')}); the page saw ${pageSaw}`,
      );
    } else {
      const why = reasons.filter((reason) => !isThirdPartyReason(reason)).join(', ') || 'not in the cookie jar';
      finding.diagnoses.push(
        diagnosis(
          'AC_WS_BROWSER_CREDENTIAL_MISSING',
          `Chromium did not attach ${cookie} to the WebSocket handshake from ${input.appOrigin} (${why}); the page saw ${pageSaw}`,
          evidence,
        ),
      );
    }
    return finding;
  }
  if (handshake.status !== 101) {
    const code = handshake.status === 401 ? 'AC_WS_VALID_TOKEN_REFUSED' : 'AC_WS_INFRA';
    finding.diagnoses.push(
      diagnosis(
        code,
        `the handshake carried ${cookie} and the upgrade answered ${handshake.status ?? 'nothing'}; the page saw ${pageSaw}`,
        evidence,
      ),
    );
    return finding;
  }
  if (user === undefined)
    finding.diagnoses.push(
      diagnosis(
        'AC_WS_NO_WELCOME',
        `the handshake carried ${cookie} and was accepted, but the page saw ${pageSaw}`,
        evidence,
      ),
    );
  else if (user !== input.expectedUser)
    finding.diagnoses.push(
      diagnosis(
        'AC_WS_WELCOME_WRONG_USER',
        `the page's welcome names ${JSON.stringify(user)}, expected ${input.expectedUser}`,
        evidence,
      ),
    );
  return finding;
}

/** Why Chromium withheld the cookie: its reasons on the handshake, else why it refused to store it at login. */
function withheldReasons(cookie: string, handshake: WsHandshake, login: ResponseSetCookie | undefined): string[] {
  const onHandshake =
    handshake.associated?.filter((item) => item.name === cookie).flatMap((item) => item.blockedReasons) ?? [];
  if (onHandshake.length > 0) return [...new Set(onHandshake)];
  return login !== undefined && !login.stored ? [...login.blockedReasons] : [];
}

function describe(page: PageSocketOutcome, welcomeType: string): string {
  if (page.close !== undefined)
    return `close ${page.close.code}${page.close.reason ? ` "${page.close.reason}"` : ''}${page.opened ? '' : ' before open'}`;
  if (page.concludedAtOpen) return `an open socket (no cookie for it in the browser: no welcome to wait for)`;
  if (page.timedOut)
    return page.opened ? 'an open socket and no frame before the timeout' : 'no open and no close before the timeout';
  const type =
    typeof page.firstMessage === 'object' && page.firstMessage !== null
      ? (page.firstMessage as Record<string, unknown>).type
      : undefined;
  return type === welcomeType ? `a ${welcomeType} message` : `a first frame of type ${JSON.stringify(type ?? null)}`;
}
