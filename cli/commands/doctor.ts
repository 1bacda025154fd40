import { CATALOGUE } from '../../helpers/diagnosis/catalogue';
import type { DoctorReport } from '../../helpers/doctor/doctor';
import { UsageError } from '../../helpers/errors/authcanary-error';
import { flag, flagList, type ParsedArgs } from '../args';
import { commandHarness } from '../harness';
import { withCommandToken } from '../token-source';

export const DOCTOR_HELP = `authcanary doctor --url URL|PATH [--env NAME] [--method GET] [--token JWT] [--cookie 'name=value'] [--header 'K: V']... [--json]
  Replays the request and says why it is refused (401/403/5xx): verdict, diagnosis codes, evidence, fix.
  Without --token/--cookie it logs in as TEST_USER first. At most 20 requests, only to the env's target.
  Exit: 0 accepted with no problem, 1 a problem found, 2 usage or configuration error, 3 the target could not be
  judged (unreachable, a gateway or 5xx answer: infrastructure).`;

export async function doctorCommand(
  args: ParsedArgs,
  variables: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const urlArg = flag(args, 'url');
  if (!urlArg)
    throw new UsageError('doctor needs --url', 'e.g. authcanary doctor --env staging --url /api/v1/projects');
  const first = await commandHarness(variables, flag(args, 'env'));
  // TOKEN_COMMAND runs before any request, so its failure is an exit 2 like any other bad input.
  const acquired = await withCommandToken(first.config, variables);
  const harness = acquired === variables ? first : await commandHarness(acquired, flag(args, 'env'));
  const config = harness.config;
  if (new URL(config.target.baseUrl).port === '0') {
    throw new UsageError(
      'the embedded reference target is not running (its port is only known once `authcanary run` starts it)',
      'start it with `npm run reference` and export TARGET_BASE_URL=http://127.0.0.1:<port> REFERENCE_TARGET=none',
    );
  }
  const url = urlArg.startsWith('/') ? `${config.target.baseUrl}${urlArg}` : urlArg;
  if (
    new URL(url).origin !== new URL(config.target.baseUrl).origin &&
    new URL(url).origin !== new URL(config.target.authUrl).origin
  ) {
    throw new UsageError(
      `--url is not on the env's target (${new URL(config.target.baseUrl).origin})`,
      'the doctor probes only the target the env file names; pass a path or a URL on it',
    );
  }
  const headers: Record<string, string> = {};
  for (const header of flagList(args, 'header')) {
    const colon = header.indexOf(':');
    if (colon <= 0)
      throw new UsageError(`--header "${header.slice(0, 40)}" is not "Name: value"`, 'write --header "X-Tenant: acme"');
    headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
  }
  // Probes are never retried: each answer is evidence.
  const http = harness.http({ retries: 0 });
  try {
    const report = await harness.doctor(
      {
        url,
        method: (flag(args, 'method') ?? 'GET').toUpperCase(),
        headers,
        token: flag(args, 'token'),
        cookie: flag(args, 'cookie'),
      },
      http,
    );
    const scrubber = harness.scrubber;
    // What the developer passed in is sensitive too: the token, the cookie, header values (an Authorization, an API key).
    for (const given of [flag(args, 'token'), flag(args, 'cookie'), ...Object.values(headers)])
      if (given) scrubber.add(given);
    console.log(scrubber.scrub(args.flags.has('json') ? JSON.stringify(report, null, 2) : formatReport(report)));
    // Infrastructure first is exit 3, as for `run`: the target could not be judged.
    if (report.ok) return 0;
    return report.diagnoses[0] && CATALOGUE[report.diagnoses[0].code].kind === 'infra' ? 3 : 1;
  } finally {
    await http.close();
    await harness.close();
  }
}

function formatReport(report: DoctorReport): string {
  const lines = [`verdict: ${report.verdict}`, `(${report.requests} requests, ${report.elapsedMs} ms)`];
  if (report.issuerKeys) lines.push(`issuer keys: ${report.issuerKeys}`);
  const marker = report.evidence['requestMarker'] as { requestId: string; traceparent: string } | null | undefined;
  if (marker) lines.push(`request marker: X-Request-Id ${marker.requestId}, traceparent ${marker.traceparent}`);
  const log = report.evidence['backendLog'] as { source: string; lines: string[] } | undefined;
  if (log) lines.push(`backend log: ${log.lines.length} line(s) from ${log.source}`);
  for (const entry of report.diagnoses) {
    lines.push('', `[${entry.code}] ${CATALOGUE[entry.code].title}`, `  ${entry.summary}`);
    const evidence = Object.entries(entry.evidence);
    if (evidence.length)
      lines.push(`  evidence: ${evidence.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(', ')}`);
    lines.push(`  fix: ${CATALOGUE[entry.code].fix}`);
  }
  const probes = report.evidence['probes'];
  if (Array.isArray(probes) && probes.length) {
    lines.push('', 'probes:');
    for (const probe of probes as { label: string; status: number | string; accepted: boolean }[])
      lines.push(`  ${String(probe.status).padEnd(7)} ${probe.accepted ? 'accepted' : 'refused '}  ${probe.label}`);
  }
  return lines.join('\n');
}
