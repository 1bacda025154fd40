import { createHash, timingSafeEqual } from 'node:crypto';

export type Role = 'user' | 'admin';

export interface User {
  username: string;
  role: Role;
}

/** The built-in accounts of the contract (fake credentials, public by design). */
const ACCOUNTS: readonly (User & { password: string })[] = [
  { username: 'alice', password: 'alice-password', role: 'user' },
  { username: 'ada', password: 'ada-password', role: 'admin' },
];

export function findUser(username: string): User | undefined {
  const account = ACCOUNTS.find((candidate) => candidate.username === username);
  return account && { username: account.username, role: account.role };
}

export function checkCredentials(username: string, password: string): User | undefined {
  const account = ACCOUNTS.find((candidate) => candidate.username === username);
  if (account === undefined || !sameText(account.password, password)) return undefined;
  return { username: account.username, role: account.role };
}

function sameText(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}
