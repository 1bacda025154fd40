import type { WsOutcome } from './classify';
import { WsSession, type WsMessage } from './ws-client';
import type { WsAuthMode, WsConfig } from '../env/ws-config';
import { echoText, isApplicationFrame, isWelcome, welcomeUser } from './welcome';

/** One connection attempt as the suite makes it: connect, then wait (on events, bounded) for the welcome or the end. */
export interface WsAttempt {
  readonly session: WsSession;
  readonly outcome: WsOutcome;
  readonly welcome: WsMessage | undefined;
  /** The user the welcome names (WS_WELCOME_FIELD), if any. */
  readonly user: unknown;
  /** Frames other than an error notice received before the connection ended or the wait gave up. */
  readonly applicationFrames: number;
}

export interface AttemptOptions {
  readonly mode: WsAuthMode | 'none';
  readonly token?: string | undefined;
  readonly origin?: string | undefined;
  readonly label: string;
  /**
   * With no credential on an endpoint that supports first-message auth, the server may legitimately wait for the auth
   * message: send an application message first, which it must refuse.
   */
  readonly sendBeforeAuth?: boolean;
}

/** TLS for wss:// — the same settings as the HTTP client (TLS_CA_FILE, TLS_REJECT_UNAUTHORIZED). */
export interface WsTls {
  readonly rejectUnauthorized: boolean;
  readonly ca?: Buffer | undefined;
}

export async function attempt(
  config: WsConfig,
  options: AttemptOptions,
  tls: WsTls = { rejectUnauthorized: true },
): Promise<WsAttempt> {
  const session = await WsSession.connect({
    url: config.url,
    mode: options.mode,
    token: options.token,
    origin: options.origin ?? config.allowedOrigin,
    settings: config,
    label: options.label,
    rejectUnauthorized: tls.rejectUnauthorized,
    ca: tls.ca,
  });
  if (session.transcript.opened && options.sendBeforeAuth)
    session.send(echoText(config, `unauthenticated-${Date.now()}`));
  const welcome = session.transcript.opened ? await session.waitFor(isWelcome(config)) : undefined;
  return {
    session,
    outcome: session.outcome(),
    welcome,
    user: welcomeUser(config, welcome),
    applicationFrames: session.messages.filter(isApplicationFrame).length,
  };
}
