import { expect, test } from '@playwright/test';
import { redactCookieHeader, redactHeaders, redactSetCookie, redactUrl } from '../../helpers/redact/redact-headers';
import { Scrubber } from '../../helpers/redact/scrubber';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU';

test('credentials in headers become stable tags; names and attributes stay', () => {
  const redacted = redactHeaders({
    Authorization: `Bearer ${TOKEN}`,
    cookie: `sid=${TOKEN}; theme=dark`,
    'set-cookie': [`access_token=${TOKEN}; Path=/; HttpOnly; Secure; SameSite=None`],
    'content-type': 'application/json',
  });
  expect(JSON.stringify(redacted)).not.toContain('c2lnbmF0dXJl');
  expect(redacted['authorization']).toMatch(/^Bearer \[redacted #[0-9a-f]{8}\]$/);
  expect(redacted['cookie']).toMatch(/^sid=\[redacted #[0-9a-f]{8}\]; theme=\[redacted #[0-9a-f]{8}\]$/);
  expect(redacted['set-cookie']).toMatch(
    /^access_token=\[redacted #[0-9a-f]{8}\]; Path=\/; HttpOnly; Secure; SameSite=None$/,
  );
  expect(redacted['content-type']).toBe('application/json');
  // Same value, same tag: records can be correlated without the value.
  expect(redactCookieHeader(`a=${TOKEN}`).slice(2)).toBe(redactSetCookie(`b=${TOKEN}; Path=/`).slice(2, -8));
});

test('credential query parameters and URL passwords are redacted', () => {
  const url = redactUrl(`https://user:hunter2@api.test/ws?access_token=${TOKEN}&page=2`);
  expect(url).not.toContain(TOKEN);
  expect(url).not.toContain('hunter2');
  expect(url).toContain('page=2');
});

test('the scrubber removes a registered value in every encoding, and any JWT', () => {
  const secret = 'correct horse battery staple/+=';
  const scrubber = new Scrubber().add(secret);
  const text = [
    secret,
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    encodeURIComponent(secret),
    Buffer.from(secret).toString('hex'),
    TOKEN,
  ].join(' | ');
  const scrubbed = scrubber.scrub(text);
  expect(scrubbed).not.toContain('horse');
  expect(scrubbed).not.toContain(Buffer.from(secret).toString('base64url'));
  expect(scrubbed).not.toContain(Buffer.from(secret).toString('hex'));
  expect(scrubbed).not.toContain('c2lnbmF0dXJl');
  expect(scrubbed.match(/\[redacted #[0-9a-f]{8}\]/g)?.length).toBe(6);
});

test('a nameless cookie (no "=") is a value: redacted in Set-Cookie and in Cookie', () => {
  const redacted = redactHeaders({
    'set-cookie': ['opaqueSessionId123456; Path=/; HttpOnly', '=alsoNameless99; Path=/'],
    cookie: 'opaqueSessionId123456; theme=dark',
  });
  expect(redacted['set-cookie']).not.toContain('opaqueSessionId123456');
  expect(redacted['set-cookie']).not.toContain('alsoNameless99');
  expect(redacted['set-cookie']).toMatch(
    /^\[redacted #[0-9a-f]{8}\]; Path=\/; HttpOnly\n=\[redacted #[0-9a-f]{8}\]; Path=\/$/,
  );
  expect(redacted['cookie']).toMatch(/^\[redacted #[0-9a-f]{8}\]; theme=\[redacted #[0-9a-f]{8}\]$/);
});
