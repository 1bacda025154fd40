import { AuthcanaryError } from '../errors/authcanary-error';

/** No Chromium found where authcanary looks: a setup problem, exit code 2. */
export class BrowserNotFoundError extends AuthcanaryError {
  readonly tried: readonly string[];
  constructor(tried: readonly string[]) {
    super('ERR_BROWSER_NOT_FOUND', `no Chromium found (tried: ${tried.join(', ')})`, {
      hint: 'on Debian/Ubuntu: apt-get install chromium; elsewhere: npx playwright install chromium; or set AUTHCANARY_CHROMIUM to a Chromium/Chrome executable',
      exitCode: 2,
    });
    this.name = 'BrowserNotFoundError';
    this.tried = tried;
  }
}
