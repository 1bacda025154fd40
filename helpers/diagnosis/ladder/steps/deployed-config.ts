import { deployedSettingsOnce } from '../../../evidence/deployed-cache';
import { compareDeployedSettings, compareTokenWithDeployed } from '../../../evidence/deployed-config';
import { deployedConfigDiagnosis } from '../deployed-config-diagnosis';
import type { LadderStep } from '../ladder-step';

/**
 * The API's deployed auth settings (TARGET_CONFIG_COMMAND / TARGET_CONFIG_URL through TARGET_CONFIG_KEYS) against the
 * token the clients really get and against the env: a pool, client or token use the API runs with that the token does
 * not carry decides the refusal before any probe. A source that fails is a note here (the preflight refuses it).
 */
export const deployedConfigStep: LadderStep = {
  name: "the API's deployed settings",
  needs: ['refusal'],
  spends: 0,
  codes: ['AC_API_WANTS_OTHER_TOKEN_TYPE', 'AC_ISSUER_SPELLING_DRIFT', 'AC_DEPLOYED_CONFIG_DRIFT'],
  async run(state) {
    const { config, context } = state;
    const source = config.evidence.deployed;
    if (!source) return;
    const read = await deployedSettingsOnce(source, { env: context.variables ?? {}, http: context.http });
    if (!read.ok) {
      state.notes.push(`the API's deployed settings could not be read: ${read.failure}`);
      return;
    }
    const { settings } = read;
    state.evidence['deployedConfig'] = {
      source: settings.source,
      values: settings.values,
      secret: settings.secret ? settings.secret.fingerprint : null,
      missing: settings.missing,
    };
    for (const absent of settings.missing)
      state.notes.push(
        `TARGET_CONFIG_KEYS names ${absent.key} for ${absent.meaning}; ${settings.source} has no such key`,
      );
    // The token the clients get outranks the env's declarations: the login's, else the refused one (not a harness mint).
    const witness = state.issued ?? (state.refusal.tokenOrigin === 'harness' ? undefined : state.sent);
    const drifts = [
      ...(witness?.decoded ? compareTokenWithDeployed(settings, witness.decoded.payload, config) : []),
      ...compareDeployedSettings(settings, config, context.resolution),
    ].filter((drift, index, all) => all.findIndex((other) => other.meaning === drift.meaning) === index);
    const found = deployedConfigDiagnosis(drifts, settings.source);
    if (!found) return;
    state.add(found);
    state.stop();
  },
};
