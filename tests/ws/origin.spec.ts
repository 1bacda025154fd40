import { judgeControl, judgeForeignOrigin } from '../../helpers/diagnosis/verdicts/websocket';
import { test } from '../fixtures';
import { closeAll, recordedAttempt, wsConfigOrSkip } from './ws-support';

test.describe('WebSocket: cross-site WebSocket hijacking', () => {
  test('a valid cookie from a foreign Origin is refused', async ({ target, mint, attach, failWith, inconclusive }) => {
    const ws = wsConfigOrSkip(target);
    test.skip(!ws.modes.includes('cookie'), 'cookie is not in WS_AUTH_MODES: a foreign page cannot ride a cookie');
    const token = await mint();
    const control = await recordedAttempt(
      target,
      ws,
      { mode: 'cookie', token, origin: ws.allowedOrigin, label: `cookie from ${ws.allowedOrigin}` },
      attach,
    );
    let foreign;
    try {
      const [refused] = judgeControl(ws, control, target.jwt.subject, 'cookie');
      if (refused) inconclusive(refused, 'the cookie control from the allowed Origin failed');
      foreign = await recordedAttempt(
        target,
        ws,
        { mode: 'cookie', token, origin: ws.foreignOrigin, label: `cookie from ${ws.foreignOrigin}` },
        attach,
      );
      const found = judgeForeignOrigin(foreign, ws.foreignOrigin);
      if (found.length > 0) await failWith(found);
    } finally {
      await closeAll([control, foreign]);
    }
  });
});
