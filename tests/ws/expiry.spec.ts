import { judgeControl, judgeExpiry } from '../../helpers/diagnosis/verdicts/websocket';
import { decodeToken } from '../../helpers/token/decode-token';
import { test } from '../fixtures';
import { closeAll, recordedAttempt, wsConfigOrSkip } from './ws-support';

/** Seconds the token still has, counting the server's declared leeway: the test waits on the close event, this long at most. */
const REMAINING_MS = 2_000;

test.describe('WebSocket: a token expiring mid-session is closed', () => {
  test('closed by exp + leeway + grace, with a policy code', async ({
    target,
    mint,
    attach,
    failWith,
    inconclusive,
  }) => {
    const ws = wsConfigOrSkip(target);
    test.skip(
      !target.contract.wsExpiryClose,
      'declared contract: WS_EXPIRY_CLOSE=false (the backend knowingly keeps a socket open past its token)',
    );
    const mode = ws.modes[0] ?? 'header';
    const leewayMs = target.jwt.leewayMs;
    // Issued a leeway ago with a 2 s lifetime: valid for the server now, past exp + leeway in about 2 s.
    const token = await mint({ issuedAtOffsetMs: -leewayMs, ttlMs: REMAINING_MS });
    const decoded = decodeToken(token);
    const expMs = decoded.ok ? Number(decoded.token.payload.exp) * 1000 : Date.now();
    const result = await recordedAttempt(target, ws, { mode, token, label: `short-lived token via ${mode}` }, attach);
    try {
      const [refused] = judgeControl(ws, result, target.jwt.subject, mode);
      if (refused)
        inconclusive(refused, "the short-lived token was not accepted (JWT_LEEWAY larger than the server's?)");
      const close = await result.session.waitForClose(Math.max(0, expMs + leewayMs + ws.expiryGraceMs - Date.now()));
      await attach('ws-expiry.json', result.session.transcript);
      const found = judgeExpiry(result, close, {
        expMs,
        leewayMs,
        graceMs: ws.expiryGraceMs,
        closedAtMs: close === undefined ? undefined : Date.now(),
      });
      if (found.length > 0) await failWith(found);
    } finally {
      await closeAll([result]);
    }
  });
});
