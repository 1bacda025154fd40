import { renameSync, writeFileSync } from 'node:fs';
import type { Finding } from './findings';
import { UNDIAGNOSED } from './findings';
import type { CheckSummary, RunSummary } from './summary';

/**
 * junit.xml written from the run's summary, so that it says what the verdict says: a check is a JUnit <failure>
 * only when one of its root causes fails the run. A check whose causes are all known (baselined) or warnings that
 * do not fail the run is not red: it carries the property `authcanary.finding` = `<code> <severity> <status>` (one
 * per code), which a CI can read. Skipped checks carry their reason. An interrupted run carries the property
 * `authcanary.interrupted` = the signal on every <testsuite>.
 */
export function junitFromSummary(summary: RunSummary): string {
  const failing = failingCodes(summary);
  const findingOf = new Map((summary.findings ?? []).map((finding) => [finding.code, finding]));
  // A check's code that is the symptom of another root cause (a deployed-setting drift) belongs to that finding.
  for (const finding of summary.findings ?? [])
    for (const place of finding.places)
      if (place.symptom) findingOf.set(symptomKey(place.checkId, place.symptom), finding);
  const projects = [...new Set(summary.checks.map((check) => check.project))];
  let failures = 0;
  let skipped = 0;
  const suites = projects.map((project) => {
    const checks = summary.checks.filter((check) => check.project === project);
    let suiteFailures = 0;
    let suiteSkipped = 0;
    const cases = checks.map((check) => {
      const body = testcaseBody(check, failing, findingOf);
      if (body.failed) suiteFailures++;
      if (check.status === 'skipped') suiteSkipped++;
      return `    <testcase name="${xml(check.title)}" classname="${xml(check.file || project)}" time="${seconds(check.durationMs)}">${body.text}</testcase>`;
    });
    failures += suiteFailures;
    skipped += suiteSkipped;
    const time = seconds(checks.reduce((total, check) => total + check.durationMs, 0));
    return `  <testsuite name="${xml(project)}" tests="${checks.length}" failures="${suiteFailures}" skipped="${suiteSkipped}" errors="0" time="${time}">\n${suiteProperties(summary)}${cases.join('\n')}\n  </testsuite>`;
  });
  const name = `authcanary ${summary.env}${summary.interrupted ? ' (interrupted)' : ''}`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(name)}" tests="${summary.checks.length}" failures="${failures}" skipped="${skipped}" errors="0" time="${seconds(summary.durationMs)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** Rewrites junit.xml (when the run wrote one) from the final summary: atomically. */
export function writeJunit(file: string, summary: RunSummary): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, junitFromSummary(summary));
  renameSync(temporary, file);
}

/** The codes whose findings fail the run (new or expired errors, warnings too with --fail-on warning). */
export function failingCodes(summary: RunSummary): Set<string> {
  const failOn = summary.failOn ?? 'error';
  return new Set(
    (summary.findings ?? [])
      .filter(
        (finding) =>
          finding.status === 'expired' ||
          (finding.status !== 'known' && (finding.severity === 'error' || failOn === 'warning')),
      )
      .map((finding) => finding.code),
  );
}

function testcaseBody(
  check: CheckSummary,
  failing: ReadonlySet<string>,
  findingOf: ReadonlyMap<string, Finding>,
): { text: string; failed: boolean } {
  if (check.status === 'skipped')
    return { text: `<skipped message="${xml(check.note ?? 'skipped')}"/>`, failed: false };
  if (check.status === 'passed' || check.status === 'flaky')
    return { text: check.status === 'flaky' ? property('authcanary.flaky', 'true') : '', failed: false };
  const codes = check.diagnoses.length > 0 ? check.diagnoses : [{ code: UNDIAGNOSED, summary: check.title }];
  const rootOf = (code: string) => findingOf.get(symptomKey(check.id, code)) ?? findingOf.get(code);
  const failed = codes.some((entry) => {
    const finding = rootOf(entry.code);
    return finding === undefined || failing.has(finding.code);
  });
  const detail = codes
    .map((entry) => {
      const root = rootOf(entry.code)?.code;
      return `${root && root !== entry.code ? `${root} (root cause) ← ` : ''}${entry.code}: ${entry.summary}`;
    })
    .join('\n');
  const properties = codes
    .map((entry) => {
      const finding = rootOf(entry.code);
      const code = finding?.code ?? entry.code;
      return `<property name="authcanary.finding" value="${xml(`${code} ${finding?.severity ?? 'error'} ${finding?.status ?? 'new'}`)}"/>`;
    })
    .join('');
  const kind = check.kind ? `<property name="authcanary.kind" value="${xml(check.kind)}"/>` : '';
  const head = `\n      <properties>${properties}${kind}</properties>`;
  if (!failed) return { text: `${head}\n      <system-out>${xml(detail)}</system-out>\n    `, failed: false };
  const first = codes[0];
  const firstRoot = first ? (rootOf(first.code)?.code ?? first.code) : UNDIAGNOSED;
  const message = first ? `${firstRoot === first.code ? '' : `${firstRoot} ← `}${first.code}: ${first.summary}` : '';
  return {
    text: `${head}\n      <failure message="${xml(message)}" type="${xml(firstRoot)}">${xml(detail)}</failure>\n    `,
    failed: true,
  };
}

function suiteProperties(summary: RunSummary): string {
  const rows = [
    ['authcanary.verdict', summary.verdict],
    ...(summary.interrupted ? [['authcanary.interrupted', summary.interruptedBy ?? 'true']] : []),
    ...(summary.partial ? [['authcanary.partial', summary.partial]] : []),
  ];
  return `    <properties>${rows.map(([name, value]) => `<property name="${xml(name ?? '')}" value="${xml(value ?? '')}"/>`).join('')}</properties>\n`;
}

const property = (name: string, value: string) =>
  `\n      <properties><property name="${xml(name)}" value="${xml(value)}"/></properties>\n    `;

/** Where a check's symptom code points at its root cause's finding (a key no diagnosis code can collide with). */
const symptomKey = (checkId: string, code: string) => `${checkId}\u0000${code}`;

const seconds = (ms: number) => (ms / 1000).toFixed(3);

// XML 1.0 allows neither most control characters nor lone surrogates: they are dropped.
const xml = (text: string) =>
  text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
