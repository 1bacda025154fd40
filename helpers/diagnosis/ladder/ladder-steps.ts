import type { LadderStep } from './ladder-step';
import { backendLogsStep } from './steps/backend-logs';
import { clockStep } from './steps/clock';
import { deployedConfigStep } from './steps/deployed-config';
import { conclusionStep } from './steps/conclusion';
import { encodingStep } from './steps/encoding';
import { expiredStep } from './steps/expired';
import { heldKeysStep } from './steps/held-keys';
import { issuedTokenStep, ownTokenStep } from './steps/issued-token';
import { chainKeysStep, weakKeysStep } from './steps/keys';
import { providerKeysStep } from './steps/provider-keys';
import { reasonClaimsStep } from './steps/reason-claims';
import { serverErrorStep } from './steps/server-error';
import { tokenTypeStep } from './steps/token-type';
import { cookieControlStep, refusedTokenStep, validControlStep } from './steps/valid-control';

/**
 * The diagnosis ladder, in order: passive reads first (they cost nothing), then probes of the route, cheapest and
 * most telling first; the first step that is sure ends it. Another module's step goes in at the place its evidence
 * belongs (see the marked places) and is listed in tests/unit/diagnosis-ladder-order.test.ts.
 */
export const LADDER_STEPS: readonly LadderStep[] = [
  serverErrorStep,
  providerKeysStep,
  expiredStep,
  encodingStep,
  heldKeysStep,
  // Backend evidence read without probing (the API's logs, its deployed settings) goes here.
  backendLogsStep,
  deployedConfigStep,
  validControlStep,
  refusedTokenStep,
  cookieControlStep,
  clockStep,
  issuedTokenStep,
  // The token-type differential is probe evidence about the login's own tokens: before the server's words and before
  // the key candidates can spend the rest of the budget.
  tokenTypeStep,
  reasonClaimsStep,
  chainKeysStep,
  ownTokenStep,
  weakKeysStep,
  // Differentials with other tokens of the login (the token-type differential) go here, before the conclusion.
  conclusionStep,
];
