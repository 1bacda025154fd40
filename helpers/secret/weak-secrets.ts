/**
 * Secrets seen as placeholders or built-in fallbacks in real incidents and tutorials.
 * A backend that accepts a token signed with one of these is using it.
 */
export const WEAK_SECRETS: readonly string[] = [
  '',
  'secret',
  'your-256-bit-secret',
  'fallback_secret',
  'fallback-secret',
  'changeme',
  'change-me',
  'CHANGE_ME',
  'default',
  'dev-secret',
  'development',
  'jwt_secret',
  'jwt-secret',
  'supersecret',
  'test',
  'password',
];

export function isWeakSecret(value: string): boolean {
  return WEAK_SECRETS.includes(value.trim());
}
