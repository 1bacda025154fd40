import type { BrowserVerdict } from '../browser/cookie-verdict';
import type { ModelRow } from './model-diagnoses';

/** One row of the model-vs-Chromium table. */
export interface ComparisonRow {
  readonly cookie: string;
  readonly route: string;
  readonly model: string;
  readonly chromium: string;
  readonly agree: boolean;
}

export function compareRow(
  model: ModelRow | undefined,
  cookie: string,
  route: string,
  chromium: BrowserVerdict,
): ComparisonRow {
  const modelText =
    model === undefined
      ? 'not modelled'
      : model.verdict.sent
        ? 'sent'
        : `not sent (${model.verdict.reason ?? '?'}: ${model.verdict.detail ?? ''})`;
  const chromiumText = chromium.sent
    ? 'sent'
    : `not sent (${chromium.stage}: ${chromium.reasons.join(', ') || 'no reason given'})`;
  return {
    cookie,
    route,
    model: modelText,
    chromium: chromiumText,
    agree: model !== undefined && model.verdict.sent === chromium.sent,
  };
}

/** Markdown, for the report. */
export function comparisonTable(world: string, rows: readonly ComparisonRow[]): string {
  const lines = [
    `| world | cookie | route | tough-cookie model | Chromium (CDP) | agree |`,
    `|---|---|---|---|---|---|`,
  ];
  for (const row of rows)
    lines.push(
      `| ${world} | ${row.cookie} | ${row.route} | ${row.model} | ${row.chromium} | ${row.agree ? 'yes' : '**no**'} |`,
    );
  return lines.join('\n');
}
