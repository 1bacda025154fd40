import { infraAnswerDiagnosis, statusClass, type StatusAnswer } from '../../http/status-verdict';
import { acceptedNegativeCode } from '../accepted-negative';
import { diagnosis, type Diagnosis } from '../diagnosis';
import { declaredRefusalText, isDeclaredRefusal, type RefusalContract } from './declared-refusal';

/** One negative case's answer, with what the verdict needs to read it. */
export interface NegativeAnswer {
  readonly caseId: string;
  readonly title: string;
  readonly answer: StatusAnswer;
  /** Whether the 401 carries a `WWW-Authenticate: Bearer` challenge. */
  readonly bearerChallenge: boolean;
  /** The valid control's status on the same route and transport; undefined when no control could be sent. */
  readonly controlStatus: number | undefined;
  readonly contract: RefusalContract & { readonly expectWwwAuthenticate: boolean };
  /** Statuses this case also accepts as a refusal (an oversized token may get 400, 413 or 431). */
  readonly alsoRefusals?: readonly number[];
  /** Evidence kept with the verdict (route, sizes); never a token. */
  readonly evidence?: Readonly<Record<string, unknown>>;
}

/**
 * The verdict on a token a correct backend refuses; undefined when it was refused as declared. In order: a redirect or
 * gateway answer is infrastructure (never an acceptance); a 2xx names the verifier's flaw; a 5xx is the token crashing
 * the handler only while the valid control is accepted, the auth component broken when the control gets 5xx too, and
 * inconclusive otherwise; any status outside the declared refusal is unexpected; a 401 without its challenge is a
 * warning.
 */
export function judgeNegativeAnswer(input: NegativeAnswer): Diagnosis | undefined {
  const { answer, title, contract } = input;
  const status = answer.status;
  const control = input.controlStatus;
  const must = declaredRefusalText(contract);
  const evidence = { ...input.evidence, case: title, status, controlStatus: control ?? null };
  const infra = infraAnswerDiagnosis(answer, title);
  if (infra) return infra;
  const kind = statusClass(status);
  if (kind === 'accepted')
    return diagnosis(acceptedNegativeCode(input.caseId), `${title}: answered ${status}, must be ${must}`, evidence);
  if (kind === 'server-error') {
    if (control !== undefined && statusClass(control) === 'accepted')
      return diagnosis(
        'AC_INVALID_TOKEN_5XX',
        `${title}: answered ${status} while the valid control got ${control}; must be ${must}`,
        evidence,
      );
    if (control !== undefined && statusClass(control) === 'server-error')
      return diagnosis(
        'AC_AUTH_COMPONENT_BROKEN',
        `${title}: answered ${status}, and the valid control on the same route gets ${control} too: the auth component (or the app) is broken, not the token handling`,
        evidence,
      );
    return diagnosis(
      'AC_INCONCLUSIVE',
      `${title}: answered ${status} while the valid control got ${control ?? 'nothing'}: a crash on this token cannot be told from a broken verifier`,
      evidence,
    );
  }
  if (!isDeclaredRefusal(status, contract, input.alsoRefusals ?? []))
    return diagnosis(
      'AC_UNEXPECTED_STATUS',
      `${title}: answered ${status}, expected ${declaredRefusalText(contract, input.alsoRefusals ?? [])} (RFC 6750, or BAD_TOKEN_STATUS)`,
      evidence,
    );
  if (status === 401 && contract.expectWwwAuthenticate && !input.bearerChallenge)
    return diagnosis(
      'AC_WWW_AUTHENTICATE_MISSING',
      `${title}: 401 without a WWW-Authenticate: Bearer challenge`,
      evidence,
    );
  return undefined;
}

/** Connection errors that mean the server refused what was sent on the wire (an oversized header cut off). */
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/**
 * A case whose request was so large that the server may drop the connection instead of answering 431 (h11 and others
 * do, depending on how the bytes arrive): a dropped connection on that case is a refusal of what was sent, not an
 * outage. Every other network error stays infrastructure.
 */
export function droppedConnectionRefuses(caseId: string, errorCode: string): boolean {
  return caseId === 'oversized' && DROPPED.has(errorCode);
}
