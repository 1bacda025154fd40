import { renderCatalogueMarkdown, renderCatalogueText } from '../../helpers/diagnosis/render-catalogue';
import type { ParsedArgs } from '../args';

export const CODES_HELP = `authcanary codes [--markdown]
  Lists the diagnosis codes (docs/diagnoses.md is this list with meaning, evidence and fix).`;

export async function codesCommand(args: ParsedArgs): Promise<number> {
  process.stdout.write(args.flags.has('markdown') ? renderCatalogueMarkdown() : `${renderCatalogueText()}\n`);
  return 0;
}
