import { randomUUID } from 'node:crypto';
import { judgeControl, judgeIsolation } from '../../helpers/diagnosis/verdicts/websocket';
import { echoText } from '../../helpers/ws/welcome';
import { expect, test } from '../fixtures';
import { closeAll, recordedAttempt, wsConfigOrSkip } from './ws-support';

test.describe('WebSocket: users are isolated', () => {
  test("two users connected at once never see each other's messages", async ({
    target,
    mint,
    attach,
    failWith,
    inconclusive,
  }) => {
    const ws = wsConfigOrSkip(target);
    const mode = ws.modes.find((item) => item !== 'message') ?? ws.modes[0] ?? 'header';
    const first = target.jwt.subject;
    const second = target.users.admin?.username ?? `${first}-isolation-peer`;
    const a = await recordedAttempt(target, ws, { mode, token: await mint(), label: `first user ${first}` }, attach);
    const b = await recordedAttempt(
      target,
      ws,
      { mode, token: await mint({ subject: second }), label: `second user ${second}` },
      attach,
    );
    try {
      const controls = [...judgeControl(ws, a, first, mode), ...judgeControl(ws, b, second, mode)];
      if (controls[0]) inconclusive(controls[0], 'a user could not connect, see the handshake spec');
      // Barrier without sleeping: A's echo comes back, then B's; anything leaked to B was written before B's own reply.
      const nonceA = randomUUID();
      const nonceB = randomUUID();
      a.session.send(echoText(ws, nonceA));
      expect(
        await a.session.waitFor((message) => message.text.includes(nonceA)),
        'the sender gets its own echo (WS_ECHO_MESSAGE)',
      ).toBeDefined();
      b.session.send(echoText(ws, nonceB));
      expect(
        await b.session.waitFor((message) => message.text.includes(nonceB)),
        'the second user gets its own echo',
      ).toBeDefined();
      await attach('ws-isolation.json', { first: a.session.transcript, second: b.session.transcript });
      const found = [
        ...judgeIsolation(b, nonceA, { sender: first, observer: second }),
        ...judgeIsolation(a, nonceB, { sender: second, observer: first }),
      ];
      if (found.length > 0) await failWith(found);
    } finally {
      await closeAll([a, b]);
    }
  });
});
