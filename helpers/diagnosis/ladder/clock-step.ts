import { offsetClock, type Clock } from '../../clock/clock';
import type { TargetConfig } from '../../env/target-config';
import type { SigningKey } from '../../token/signing-key';
import { diagnosis, type Diagnosis } from '../diagnosis';
import { skewMatters, type ClockReading } from '../passive/clock-skew';
import type { ReasonCause } from '../passive/server-reason';
import type { ProbeRunner } from '../probes/probe-runner';

/**
 * The Date header has a one-second resolution and servers cache it (seen lagging 0.7–1.7 s), so a skew read from it is
 * a hypothesis. It becomes the cause only when a token minted from the server's clock is accepted where the runner's
 * was refused; otherwise it is a note. The server-time token is backdated by 2 s more: a Date header is never ahead of
 * the server's real time, and a slightly older iat/nbf is harmless.
 */
export async function confirmClockSkew(
  probes: ProbeRunner,
  input: {
    skew: ClockReading | undefined;
    cause: ReasonCause | undefined;
    config: TargetConfig;
    key: SigningKey;
    clock: Clock;
  },
): Promise<{ confirmed?: Diagnosis; note?: string }> {
  const { skew, cause, config, key, clock } = input;
  if (skew && skewMatters(skew.skewMs, config.jwt.leewayMs)) {
    const seconds = Math.round(skew.skewMs / 1000);
    const accepted = await probes.mintAndSend(`token minted from the server's clock (${seconds} s)`, {
      key,
      clock: offsetClock(clock, skew.skewMs - 2000),
    });
    const reading = `the server's Date (${skew.serverDate}) is ${Math.abs(seconds)} s ${skew.skewMs > 0 ? 'ahead of' : 'behind'} the runner's; leeway ${config.jwt.leewayMs / 1000} s`;
    if (accepted)
      return {
        confirmed: diagnosis('AC_CLOCK_SKEW', `${reading}; a token minted from the server's time is accepted`, {
          skewSeconds: seconds,
          serverDate: skew.serverDate,
          confirmedByProbe: true,
        }),
      };
    return { note: `${reading}, but a token minted from the server's time is refused too: not the cause` };
  }
  if (cause === 'not-yet-valid') {
    // The server says "not yet valid" and the Date header shows no skew: is its clock behind by less than we can read?
    const accepted = await probes.mintAndSend('token backdated by 2 minutes (server clock behind?)', {
      key,
      clock: offsetClock(clock, -120_000),
    });
    if (accepted)
      return {
        confirmed: diagnosis(
          'AC_CLOCK_SKEW',
          `the server calls the runner's fresh token not yet valid and accepts one backdated by 2 minutes: its clock is behind the runner's (leeway ${config.jwt.leewayMs / 1000} s)`,
          { confirmedByProbe: true, backdatedSeconds: 120 },
        ),
      };
    return { note: 'the server calls the token not yet valid, but a backdated token is refused too' };
  }
  return {};
}
