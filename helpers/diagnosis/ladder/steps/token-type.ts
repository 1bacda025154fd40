import { diagnosis } from '../../diagnosis';
import type { LadderStep } from '../ladder-step';

const KIND_NAMES = { id: 'ID token', access: 'access token', refresh: 'refresh token', unknown: 'token' } as const;

/**
 * The login returned several tokens (Cognito's IdToken and AccessToken, OIDC's id_token and access_token) and the one
 * sent is refused: each other one is tried on the same route, the same way. One accepted names the token type the
 * API wants. Refresh tokens are never tried as API credentials.
 */
export const tokenTypeStep: LadderStep = {
  name: 'the login’s other tokens',
  needs: ['control-refused', 'token', 'login-tokens'],
  spends: 2,
  codes: ['AC_API_WANTS_OTHER_TOKEN_TYPE'],
  async run(state) {
    const tokens = state.context.loginTokens ?? [];
    const sent = state.sent?.raw;
    const sentEntry = tokens.find((entry) => entry.token === sent);
    if (!sentEntry) return;
    // Tokens of another kind than the one sent (so never the sent one itself), refresh tokens never.
    const others = tokens.filter((entry) => entry.kind !== 'refresh' && entry.kind !== sentEntry.kind);
    for (const other of others) {
      if (state.probes.exhausted) {
        state.notes.push(
          `no request left to try the login's ${KIND_NAMES[other.kind]} (${other.from}) in place of the refused ${KIND_NAMES[sentEntry.kind]}`,
        );
        return;
      }
      const exchange = await state.probes.send(
        `the login's ${KIND_NAMES[other.kind]} (${other.from})`,
        other.token,
        state.refusal.delivery ?? 'header',
      );
      if (exchange && state.probes.accepts(exchange.status)) {
        state.add(
          diagnosis(
            'AC_API_WANTS_OTHER_TOKEN_TYPE',
            `the route refuses the ${KIND_NAMES[sentEntry.kind]} (${sentEntry.from}) and accepts the ${KIND_NAMES[other.kind]} (${other.from}) the same login returned`,
            {
              refused: { from: sentEntry.from, kind: sentEntry.kind, status: state.status },
              accepted: { from: other.from, kind: other.kind, status: exchange.status },
            },
          ),
        );
        state.stop();
        return;
      }
    }
    state.notes.push(
      `the login's other tokens (${others.map((entry) => entry.from).join(', ') || 'none of another type'}) are refused too: not a token-type mix-up`,
    );
  },
};
