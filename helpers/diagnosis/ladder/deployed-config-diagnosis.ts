import type { ConfigDrift } from '../../evidence/deployed-config';
import { diagnosis, type Diagnosis } from '../diagnosis';

const describe = (drift: ConfigDrift) =>
  `${drift.meaning}: deployed ${drift.deployedKey}=${JSON.stringify(drift.deployed)}, ${drift.expectedFrom} says ${JSON.stringify(drift.expected)}`;

/**
 * What the deployed settings' disagreements mean, most precise first: the API verifies another token use than the
 * token carries (the other token type); only the issuer's spelling differs (same provider); anything else is drift.
 */
export function deployedConfigDiagnosis(drifts: readonly ConfigDrift[], source: string): Diagnosis | undefined {
  if (drifts.length === 0) return undefined;
  const evidence = { deployedConfig: { source, drifts } };
  // The token's own claim outranks the env's declaration; either way the root cause is the token type, so the
  // preflight (env vs deployed) and each refused check (token vs deployed) name it with the same code.
  const tokenUses = drifts.filter((drift) => drift.meaning === 'token_use');
  const tokenUse = tokenUses.find((drift) => drift.expectedFrom.startsWith('the token')) ?? tokenUses[0];
  if (tokenUse)
    return diagnosis(
      'AC_API_WANTS_OTHER_TOKEN_TYPE',
      tokenUse.expectedFrom.startsWith('the token')
        ? `the API is deployed to verify ${tokenUse.deployed} tokens (${source}, ${tokenUse.deployedKey}) but the client sends ${tokenUse.expected} tokens`
        : `the API is deployed to verify ${tokenUse.deployed} tokens (${source}, ${tokenUse.deployedKey}) but ${tokenUse.expectedFrom} says the clients send ${tokenUse.expected} tokens`,
      evidence,
    );
  if (drifts.every((drift) => drift.meaning === 'issuer' && drift.spellingOnly))
    return diagnosis(
      'AC_ISSUER_SPELLING_DRIFT',
      `the API's deployed issuer is the same provider spelled differently (${drifts.map(describe).join('; ')}; from ${source})`,
      evidence,
    );
  return diagnosis(
    'AC_DEPLOYED_CONFIG_DRIFT',
    `the API runs with other auth settings than the clients get (${source}): ${drifts.map(describe).join('; ')}`,
    evidence,
  );
}
