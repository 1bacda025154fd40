import { isThirdPartyReason } from './third-party-world';
import type { DiagnosisCode } from '../diagnosis/catalogue';
import { diagnosis, type Diagnosis } from '../diagnosis/diagnosis';
import type { BrowserVerdict } from './cookie-verdict';

/** Chromium's blocked reasons (CDP CookieBlockedReason / SetCookieBlockedReason) → the diagnosis that explains them. */
const REASON_CODES: ReadonlyArray<readonly [RegExp, DiagnosisCode]> = [
  [/^SameSiteNoneInsecure$/, 'AC_COOKIE_SAMESITE_NONE_INSECURE'],
  [/^NameValuePairExceedsMaxSize$|^NameValuePairExceeds/, 'AC_COOKIE_OVERSIZED'],
  [/^(Schemeful)?SameSite(Lax|Strict|UnspecifiedTreatedAsLax)$/, 'AC_COOKIE_SAMESITE_BLOCKS_CROSS_SITE'],
  [/^NotOnPath$/, 'AC_COOKIE_PATH_EXCLUDES_ROUTE'],
  [/Prefix/, 'AC_COOKIE_PREFIX_VIOLATION'],
  [/^PartitionedWithoutSecure/, 'AC_COOKIE_PARTITIONED_INSECURE'],
];

export interface BrowserFinding {
  /** Failures: the cookie is broken for a reason of its own. */
  readonly diagnoses: Diagnosis[];
  /** Expected in the third-party-blocked world: reported, not failed. */
  readonly thirdParty: Diagnosis[];
}

/**
 * A cookie Chromium did not store or send. When every reason is a third-party-cookie block, that is the world, not the
 * cookie: it is reported apart (AC_COOKIE_THIRD_PARTY_BLOCKED) with whether Partitioned would save it.
 */
export function diagnoseBrowserVerdict(
  cookie: string,
  where: string,
  verdict: BrowserVerdict,
  partitioned: boolean,
  into: BrowserFinding,
): void {
  if (verdict.sent) return;
  const evidence = { cookie, where, chromiumReasons: verdict.reasons, stage: verdict.stage, engine: 'chromium (CDP)' };
  const own = verdict.reasons.filter((reason) => !isThirdPartyReason(reason));
  if (verdict.reasons.length > 0 && own.length === 0) {
    into.thirdParty.push(
      diagnosis(
        'AC_COOKIE_THIRD_PARTY_BLOCKED',
        `${cookie} (${where}) blocked as a third-party cookie (${verdict.reasons.join(', ')}); Partitioned would ${partitioned ? 'keep it (it is Partitioned)' : 'keep it, but it is not Partitioned'}`,
        { ...evidence, partitioned },
      ),
    );
    return;
  }
  if (verdict.stage === 'service-worker') {
    into.diagnoses.push(diagnosis('AC_COOKIE_SW_SERVES_AUTH', `${where} was answered by the service worker`, evidence));
    return;
  }
  const codes = new Set(
    own.map(
      (reason) =>
        REASON_CODES.find(([pattern]) => pattern.test(reason))?.[1] ??
        (verdict.stage === 'set-cookie' ? 'AC_COOKIE_BROWSER_REJECTED' : 'AC_COOKIE_NOT_DELIVERED'),
    ),
  );
  if (codes.size === 0) codes.add(verdict.stage === 'absent' ? 'AC_COOKIE_NOT_SET' : 'AC_COOKIE_NOT_DELIVERED');
  for (const code of codes) into.diagnoses.push(diagnosis(code, browserSummary(cookie, where, verdict, own), evidence));
}

/**
 * Says what Chromium did where: a Set-Cookie response is where a cookie is refused; a route is where it is not sent
 * (because it was refused earlier, or for a reason of the request).
 */
export function browserSummary(
  cookie: string,
  where: string,
  verdict: BrowserVerdict,
  reasons: readonly string[],
): string {
  const why = reasons.join(', ');
  if (verdict.stage === 'set-cookie')
    return /set-cookie/i.test(where)
      ? `Chromium refused to store ${cookie} (${where}): ${why || 'no reason given'}`
      : `Chromium did not send ${cookie} to ${where}: it refused to store it earlier (${why || 'no reason given'})`;
  if (verdict.stage === 'absent') return `Chromium did not send ${cookie} to ${where}: it was never set`;
  return `Chromium did not send ${cookie} to ${where}: ${why || verdict.stage}`;
}
