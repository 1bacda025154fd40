import { AuthcanaryError } from '../errors/authcanary-error';

/** The ws client was used wrongly (e.g. a mode that needs a token without one). Never carries a token. */
export class WsUsageError extends AuthcanaryError {
  constructor(message: string) {
    super('ERR_WS_USAGE', message, { hint: 'check the WebSocket connect options' });
    this.name = 'WsUsageError';
  }
}
