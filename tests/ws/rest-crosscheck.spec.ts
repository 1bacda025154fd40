import { judgeRestAgreement } from '../../helpers/diagnosis/verdicts/websocket';
import { test } from '../fixtures';
import { closeAll, recordedAttempt, restStatus, wsConfigOrSkip } from './ws-support';

test.describe('WebSocket and REST agree on the same token', () => {
  test("the token from the target's own login is judged alike by REST and the WebSocket", async ({
    target,
    loggedIn,
    http,
    attach,
    failWith,
  }) => {
    const ws = wsConfigOrSkip(target);
    const { token } = await loggedIn('user');
    const rest = await restStatus(target, http, token);
    test.skip(rest.status === undefined, 'no 2xx route in ROUTES to cross-check with');
    const mode = ws.modes[0] ?? 'header';
    const result = await recordedAttempt(target, ws, { mode, token, label: `issued token via ${mode}` }, attach);
    try {
      const found = judgeRestAgreement(
        result.outcome.kind === 'accepted' && result.welcome !== undefined,
        rest.status ?? 0,
        rest.route ?? '',
        mode,
        result.outcome,
      );
      if (found.length > 0)
        await failWith(
          found.map((entry) => ({ ...entry, evidence: { ...entry.evidence, transcript: result.session.transcript } })),
        );
    } finally {
      await closeAll([result]);
    }
  });
});
