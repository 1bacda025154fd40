import { CATALOGUE, type DiagnosisCode } from '../diagnosis/catalogue';
import { rankFindings, type Finding } from './findings';
import { seenSince, type History } from './history';
import type { RunSummary } from './summary';

const escape = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

const SUITES: Readonly<Record<string, string>> = {
  rest: 'REST',
  websocket: 'WebSocket',
  cookies: 'Cookies',
  browser: 'Browser (Chromium)',
};

/**
 * reports/index.html: one static page (no script, no network) that leads with the verdict, then the root causes
 * ranked with their evidence and fix, then each suite's status and the recent runs. Links to the full reports.
 */
export interface ReportLinks {
  readonly allure: boolean;
  readonly html: boolean;
  readonly junit: boolean;
}

export function renderFrontPage(
  summary: RunSummary,
  history?: History,
  links: ReportLinks = { allure: false, html: false, junit: false },
): string {
  const findings = rankFindings(summary.findings ?? []);
  const since = history ? seenSince(history) : {};
  const passed = summary.verdict === 'passed';
  const { totals } = summary;
  const warnings = findings.filter((finding) => finding.severity === 'warning').length;
  const headline = passed
    ? findings.length === 0
      ? 'All checks passed'
      : `Passed — ${findings.length} root cause${findings.length === 1 ? '' : 's'} reported (${warnings} warning${warnings === 1 ? '' : 's'}, ${findings.filter((finding) => finding.status === 'known').length} known)`
    : `Failed — ${(summary.verdictReasons ?? []).length || findings.length} reason${((summary.verdictReasons ?? []).length || findings.length) === 1 ? '' : 's'}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>authcanary ${escape(summary.verdict)} — ${escape(summary.env)}</title>
<style>${STYLE}</style></head>
<body>
<header class="verdict ${passed ? 'ok' : 'bad'}">
  <div class="big">${passed ? '✔' : '✘'} ${escape(summary.verdict.toUpperCase())}${summary.interrupted ? ' · INTERRUPTED' : ''}</div>
  <div><div class="headline">${escape(headline)}</div>
  <div class="meta">env <b>${escape(summary.env)}</b> · ${escape(summary.target.baseUrl)} · ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped, ${totals.flaky} flaky · ${(summary.durationMs / 1000).toFixed(1)} s · ${escape(summary.startedAt)} · fails on ${escape(summary.failOn ?? 'error')}${summary.baseline ? ' · baseline applied' : ''}</div>
  ${summary.partial ? `<div class="partial">PARTIAL RUN — ${escape(summary.partial)}: the verdict covers only the shards present</div>` : ''}
  ${(summary.verdictReasons ?? []).length ? `<ul class="reasons">${(summary.verdictReasons ?? []).map((reason) => `<li>${escape(reason)}</li>`).join('')}</ul>` : ''}</div>
</header>
<main>
<section><h2>Root causes, ranked</h2>
${findings.length === 0 ? '<p class="none">No failed check: nothing to explain.</p>' : findings.map((finding, index) => card(finding, index + 1, since[finding.code])).join('\n')}
${(summary.fixed ?? []).length ? `<p class="fixed">Fixed since the baseline (its checks ran, it did not show): ${(summary.fixed ?? []).map((entry) => `<code>${escape(entry.code)}</code>`).join(', ')}</p>` : ''}
${(summary.notExercised ?? []).length ? `<p class="muted">Baselined but not checked in this run (its checks did not run): ${(summary.notExercised ?? []).map((entry) => `<code>${escape(entry.code)}</code>`).join(', ')}</p>` : ''}
${skipped(summary)}
</section>
<section class="side">
<h2>Suites</h2>${suiteTable(summary)}
${shards(summary)}
${history && history.runs.length > 0 ? trend(history) : ''}
<h2>Full reports</h2>
${reportLinks(links)}
</section>
</main>
</body></html>
`;
}

function skipped(summary: RunSummary): string {
  const reasons = summary.skipReasons ?? [];
  if (reasons.length === 0) return '';
  const rows = reasons
    .map(
      (entry) =>
        `<li>${escape(entry.reason)} <span class="muted">(${entry.checks} check${entry.checks === 1 ? '' : 's'})</span></li>`,
    )
    .join('');
  return `<h2>Skipped, and why</h2><ul class="skips">${rows}</ul>`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * A shard's plan (`run --shard K/N`), or a merged run's shards: each shard's estimated time beside what its checks
 * took, so a plan that splits badly shows on the page a user opens first.
 */
function shards(summary: RunSummary): string {
  if (summary.shardPlans && summary.shardPlans.length > 0) {
    const rows = summary.shardPlans
      .map(
        (plan) =>
          `<tr><td>${escape(plan.shard)}</td><td>${plan.files.length}</td><td>${seconds(plan.estimateMs)}</td><td>${seconds(plan.checksMs)}</td><td>${seconds(plan.durationMs)}</td></tr>`,
      )
      .join('');
    return `<h2>Shards</h2><table class="shards"><tr><th>shard</th><th>files</th><th>estimated</th><th>checks took</th><th>whole run</th></tr>${rows}</table><p class="muted">plan from ${escape(summary.shardPlans[0]!.source)}</p>`;
  }
  const plan = summary.shardPlan;
  if (!plan) return '';
  const others = plan.shards.map((shard) => seconds(shard.estimateMs)).join(' · ');
  return `<h2>Shard ${escape(plan.shard)}</h2><p>${plan.files.length} file${plan.files.length === 1 ? '' : 's'}, estimated ${seconds(plan.estimateMs)} (plan from ${escape(plan.source)}); every shard's estimate: ${others}</p>`;
}

function reportLinks(links: ReportLinks): string {
  const items = [
    links.allure ? '<li><a href="allure/index.html">Allure report</a> (trend, history, categories)</li>' : '',
    links.html ? '<li><a href="html/index.html">Playwright HTML report</a></li>' : '',
    `<li><a href="summary.json">summary.json</a>${links.junit ? ' · <a href="junit.xml">junit.xml</a>' : ''}</li>`,
  ].join('');
  const missing = [!links.allure && 'Allure', !links.html && 'Playwright HTML'].filter(Boolean).join(' and ');
  return `<ul class="links">${items}</ul>${missing ? `<p class="muted">No ${missing} report for this run.</p>` : ''}`;
}

function card(finding: Finding, rank: number, seen: string | undefined): string {
  const entry = (CATALOGUE as Record<string, (typeof CATALOGUE)[DiagnosisCode] | undefined>)[finding.code];
  const status = finding.status ?? 'new';
  const places = finding.places
    .slice(0, 20)
    .map(
      (place) =>
        `<li><span class="project">${escape(place.project)}</span> ${escape(place.title)}${place.symptom ? ` <code>${escape(place.symptom)}</code> (symptom)` : ''}<br><span class="summary">${escape(place.summary)}</span></li>`,
    )
    .join('');
  return `<article class="finding ${finding.severity} ${status}">
  <div class="rank">${rank}</div>
  <div class="body">
    <div class="title"><code>${escape(finding.code)}</code> ${escape(finding.title)}
      <span class="badge sev-${finding.severity}">${finding.severity}</span><span class="badge st-${status}">${status}${finding.acknowledged?.expires ? ` until ${escape(finding.acknowledged.expires)}` : ''}</span>
      <span class="count">${finding.checks} check${finding.checks === 1 ? '' : 's'}</span></div>
    ${entry ? `<p class="meaning">${escape(entry.meaning)}</p>` : ''}
    <p><b>Evidence:</b> ${escape(finding.places[0]?.summary ?? '')}${entry ? ` <span class="muted">(recorded: ${escape(entry.evidence)})</span>` : ''}</p>
    <p class="fix"><b>Fix:</b> ${escape(finding.fix)}</p>
    ${finding.acknowledged ? `<p class="muted">Acknowledged: ${escape(finding.acknowledged.reason)}</p>` : ''}
    ${seen ? `<p class="muted">Seen in every run since ${escape(seen)}</p>` : ''}
    <details><summary>${finding.checks} place${finding.checks === 1 ? '' : 's'}</summary><ul>${places}</ul></details>
  </div>
</article>`;
}

function suiteTable(summary: RunSummary): string {
  const rows = new Map<string, { passed: number; failed: number; skipped: number; notes: Set<string> }>();
  for (const check of summary.checks) {
    const row = rows.get(check.project) ?? { passed: 0, failed: 0, skipped: 0, notes: new Set<string>() };
    if (check.status === 'passed' || check.status === 'flaky') row.passed++;
    else if (check.status === 'skipped') {
      row.skipped++;
      if (check.note) row.notes.add(check.note);
    } else row.failed++;
    rows.set(check.project, row);
  }
  const body = [...rows]
    .map(([project, row]) => {
      const state = row.failed > 0 ? 'failed' : row.passed === 0 ? 'did not run' : 'passed';
      const note = row.passed === 0 && row.notes.size ? ` — ${[...row.notes][0]}` : '';
      return `<tr class="${state.replaceAll(' ', '-')}"><td>${escape(SUITES[project] ?? project)}</td><td>${escape(state)}${escape(note)}</td><td>${row.passed}</td><td>${row.failed}</td><td>${row.skipped}</td></tr>`;
    })
    .join('');
  const missing = (summary.notRun ?? [])
    .map(
      (suite) =>
        `<tr class="did-not-run"><td>${escape(SUITES[suite.suite] ?? suite.suite)}</td><td>did not run — ${escape(suite.reason)}</td><td>0</td><td>–</td><td>–</td></tr>`,
    )
    .join('');
  return `<table class="suites"><thead><tr><th>suite</th><th>status</th><th>✔</th><th>✘</th><th>skip</th></tr></thead><tbody>${body}${missing}</tbody></table>`;
}

function trend(history: History): string {
  const runs = history.runs.slice(-20);
  const cells = runs
    .map((run) => {
      const codes = Object.keys(run.codes).join(', ') || 'no finding';
      return `<span class="run ${run.verdict === 'passed' ? 'ok' : 'bad'}" title="${escape(`${run.startedAt} ${run.verdict}: ${codes}${run.label ? ` (${run.label})` : ''}`)}"></span>`;
    })
    .join('');
  return `<h2>Last ${runs.length} run${runs.length === 1 ? '' : 's'}</h2><div class="trend">${cells}</div><p class="muted">oldest → newest; hover for the root causes (history.json)</p>`;
}

const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d232a;background:#f4f6f8}
.verdict{display:flex;gap:24px;align-items:center;padding:22px 32px;color:#fff}
.verdict.ok{background:#1f7a3f}.verdict.bad{background:#b3261e}
.big{font-size:40px;font-weight:800;letter-spacing:1px;white-space:nowrap}
.headline{font-size:20px;font-weight:600}.meta{opacity:.9;font-size:13px;margin-top:4px}
.reasons{margin:8px 0 0;padding-left:18px;font-size:14px}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(260px,1fr);gap:24px;padding:20px 32px}
h2{font-size:16px;margin:8px 0 12px;text-transform:uppercase;letter-spacing:.06em;color:#4a5561}
.finding{display:flex;gap:14px;background:#fff;border-radius:8px;padding:14px 16px;margin-bottom:12px;border-left:6px solid #b3261e;box-shadow:0 1px 2px #0001}
.finding.warning{border-left-color:#c77700}.finding.known{opacity:.8;border-left-color:#7a8793}
.rank{font-size:22px;font-weight:700;color:#7a8793;min-width:22px}.body{flex:1;min-width:0}
.title{font-weight:600;font-size:16px}.title code{background:#eef1f4;padding:1px 5px;border-radius:4px}
.badge{display:inline-block;font-size:11px;font-weight:700;text-transform:uppercase;padding:2px 7px;border-radius:10px;margin-left:8px;vertical-align:middle}
.sev-error{background:#fde7e5;color:#b3261e}.sev-warning{background:#fff1dc;color:#8a5300}
.st-new,.st-expired{background:#b3261e;color:#fff}.st-known{background:#e3e7eb;color:#4a5561}
.count{float:right;color:#4a5561;font-weight:600}
.meaning{color:#4a5561;margin:6px 0}.fix{background:#eef7f0;padding:6px 10px;border-radius:6px}
.muted{color:#6b7782;font-size:13px}.summary{color:#4a5561;font-size:13px}
details{margin-top:6px}summary{cursor:pointer;color:#2a5db0}
.project{display:inline-block;font-size:11px;background:#eef1f4;border-radius:4px;padding:0 5px}
.side section,.suites{width:100%}.suites{border-collapse:collapse;background:#fff;border-radius:8px;overflow:hidden}
.suites td,.suites th{padding:6px 8px;text-align:left;border-bottom:1px solid #eef1f4;font-size:14px}
.suites tr.failed td:nth-child(2){color:#b3261e;font-weight:700}.suites tr.passed td:nth-child(2){color:#1f7a3f;font-weight:700}
.suites tr.did-not-run td:nth-child(2){color:#8a5300;font-weight:700}
.trend{display:flex;gap:3px}.run{width:14px;height:22px;border-radius:3px}.run.ok{background:#1f7a3f}.run.bad{background:#b3261e}
.partial{background:#fff1dc;color:#8a5300;font-weight:700;padding:4px 8px;border-radius:6px;margin-top:6px}
.skips{background:#fff;border-radius:8px;padding:10px 10px 10px 28px}
.none{background:#fff;padding:14px;border-radius:8px}.links{padding-left:18px}.fixed{color:#1f7a3f}
`;
