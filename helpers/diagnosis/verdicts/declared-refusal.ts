import type { TargetConfig } from '../../env/target-config';

/** The part of the target's declared contract that says what a correct refusal of a bad or missing token looks like. */
export type RefusalContract = Pick<TargetConfig['contract'], 'badTokenStatuses'>;

/**
 * Whether `status` is a correct refusal of a bad or missing token under the declared contract (BAD_TOKEN_STATUS,
 * RFC 6750's 401 by default). `alsoAllowed` widens it for one case (an oversized token may get 413 or 431).
 * The suites, the session checks and the doctor all judge a refusal through this one function.
 */
export function isDeclaredRefusal(
  status: number,
  contract: RefusalContract,
  alsoAllowed: readonly number[] = [],
): boolean {
  return contract.badTokenStatuses.includes(status) || alsoAllowed.includes(status);
}

/** The statuses the contract accepts as a refusal, for messages: "401 or 422". */
export function declaredRefusalText(contract: RefusalContract, alsoAllowed: readonly number[] = []): string {
  return [...new Set([...contract.badTokenStatuses, ...alsoAllowed])].join(' or ');
}
