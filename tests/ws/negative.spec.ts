import { judgeControl, judgeRefusal, expectedRefusal } from '../../helpers/diagnosis/verdicts/websocket';
import { negativeCases } from '../../helpers/token/negative-cases';
import { test } from '../fixtures';
import { ALL_MODES, closeAll, recordedAttempt, wsConfigOrSkip } from './ws-support';

/** Tokens a correct WebSocket endpoint refuses the way the env declares, with no application frame first. */
const WS_NEGATIVE_IDS = [
  'garbage',
  'alg-none',
  'stripped-signature',
  'tampered-payload',
  'expired',
  'wrong-secret',
] as const;

test.describe('WebSocket: bad credentials are refused as declared, with no application frame', () => {
  test('no credentials at all', async ({ target, mint, attach, failWith, inconclusive }) => {
    const ws = wsConfigOrSkip(target);
    const controlMode = ws.modes[0] ?? 'header';
    const control = await recordedAttempt(
      target,
      ws,
      { mode: controlMode, token: await mint(), label: `valid control via ${controlMode}` },
      attach,
    );
    const negative = await recordedAttempt(
      target,
      ws,
      { mode: 'none', label: 'no credentials', sendBeforeAuth: ws.modes.includes('message') },
      attach,
    );
    try {
      const [refused] = judgeControl(ws, control, target.jwt.subject, controlMode);
      if (refused) inconclusive(refused, 'the valid control failed, see the handshake spec');
      const found = judgeRefusal(negative, expectedRefusal(ws, 'none'), 'no credentials', { controlAccepted: true });
      if (found.length > 0) await failWith(found);
    } finally {
      await closeAll([control, negative]);
    }
  });

  for (const mode of ALL_MODES) {
    for (const id of WS_NEGATIVE_IDS) {
      test(`refuses via ${mode}: ${id}`, async ({ target, signingKey, mint, attach, failWith, inconclusive }) => {
        const ws = wsConfigOrSkip(target);
        test.skip(!ws.modes.includes(mode), `${mode} is not in WS_AUTH_MODES`);
        const negativeCase = (await negativeCases(target, signingKey)).find((item) => item.id === id);
        test.skip(!negativeCase, `not applicable to this target's configuration (${id})`);
        if (!negativeCase) return;
        const valid = await mint();
        const control = await recordedAttempt(
          target,
          ws,
          { mode, token: valid, label: `valid control via ${mode}` },
          attach,
        );
        let negative;
        try {
          const [refused] = judgeControl(ws, control, target.jwt.subject, mode);
          if (refused) inconclusive(refused, 'the valid control on this mode failed, see the handshake spec');
          const token = await negativeCase.build({ valid, mint });
          negative = await recordedAttempt(
            target,
            ws,
            { mode, token, label: `${negativeCase.title} via ${mode}` },
            attach,
          );
          const found = judgeRefusal(negative, expectedRefusal(ws, mode), `${negativeCase.title} via ${mode}`, {
            controlAccepted: true,
          });
          if (found.length > 0) await failWith(found);
        } finally {
          await closeAll([control, negative]);
        }
      });
    }
  }
});
