import { explainRefusedControl, judgeControl } from '../../helpers/diagnosis/verdicts/websocket';
import type { WsAuthMode } from '../../helpers/env/ws-config';
import { test } from '../fixtures';
import { ALL_MODES, closeAll, recordedAttempt, restStatus, wsConfigOrSkip } from './ws-support';

test.describe('WebSocket: a valid token connects in every declared mode', () => {
  for (const mode of ALL_MODES) {
    test(`valid token via ${mode}: welcome names the user`, async ({ target, mint, http, attach, failWith }) => {
      const ws = wsConfigOrSkip(target);
      test.skip(!ws.modes.includes(mode), `${mode} is not in WS_AUTH_MODES`);
      const token = await mint();
      const control = await recordedAttempt(target, ws, { mode, token, label: `valid token via ${mode}` }, attach);
      try {
        let found = judgeControl(ws, control, target.jwt.subject, mode);
        if (found.some((entry) => entry.code === 'AC_WS_VALID_TOKEN_REFUSED')) {
          // Explain the refusal: does REST take this token, does another declared mode?
          const rest = await restStatus(target, http, token);
          const acceptedModes: WsAuthMode[] = [];
          for (const other of ws.modes.filter((item) => item !== mode)) {
            const probe = await recordedAttempt(
              target,
              ws,
              { mode: other, token, label: `same token via ${other}` },
              attach,
            );
            if (probe.outcome.kind === 'accepted') acceptedModes.push(other);
            await probe.session.close();
          }
          found = explainRefusedControl(found, { mode, restStatus: rest.status, restRoute: rest.route, acceptedModes });
        }
        if (found.length > 0) await failWith(found);
      } finally {
        await closeAll([control]);
      }
    });
  }
});
