import type { WsMessage } from './ws-client';
import type { WsConfig } from '../env/ws-config';

/** Reads the welcome (or ack) message the env declares, and the user it names. */

export function isWelcome(config: Pick<WsConfig, 'welcomeType'>): (message: WsMessage) => boolean {
  return (message) => typeOf(message.json) === config.welcomeType;
}

export function welcomeUser(config: Pick<WsConfig, 'welcomeField'>, message: WsMessage | undefined): unknown {
  let current: unknown = message?.json;
  for (const key of config.welcomeField.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Frames a refused client may legitimately get before the close: an error notice. Anything else is application data. */
export function isApplicationFrame(message: WsMessage): boolean {
  return !/error/i.test(typeOf(message.json) ?? '');
}

function typeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const type = (value as Record<string, unknown>).type;
  return typeof type === 'string' ? type : undefined;
}

/** The echo message with its nonce (JSON-escaped into the template). */
export function echoText(config: Pick<WsConfig, 'echoMessage'>, nonce: string): string {
  return config.echoMessage.replace('{{nonce}}', JSON.stringify(nonce).slice(1, -1));
}
