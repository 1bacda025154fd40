/** The product's suites (Playwright projects in playwright.config.ts). */
export const SUITE_PROJECTS: readonly string[] = ['rest', 'websocket', 'cookies', 'browser'];

export interface SuiteSelection {
  /** The projects the run selects: those named with --project, else every suite. */
  readonly projects: readonly string[];
  /** The Playwright arguments other than --project. */
  readonly others: readonly string[];
}

/**
 * Reads `--project X [Y…]` / `--project=X` out of the arguments passed through to Playwright. Like Playwright's own
 * parser, `--project` takes every following argument up to the next option. `declared`: projects the env adds to
 * "every suite" (the team's own specs, `user`, when USER_TESTS_DIR is set).
 */
export function splitProjects(passthrough: readonly string[], declared: readonly string[] = []): SuiteSelection {
  const projects: string[] = [];
  const others: string[] = [];
  for (let index = 0; index < passthrough.length; index++) {
    const arg = passthrough[index] as string;
    if (arg === '--project') {
      while (index + 1 < passthrough.length && !(passthrough[index + 1] as string).startsWith('-'))
        projects.push(passthrough[++index] as string);
    } else if (arg.startsWith('--project=')) projects.push(arg.slice('--project='.length));
    else others.push(arg);
  }
  return { projects: projects.length > 0 ? projects : [...SUITE_PROJECTS, ...declared], others };
}

/** The arguments again with another project list, last, so that it cannot swallow a file filter. */
export function withProjects(projects: readonly string[], others: readonly string[]): string[] {
  return [...others, ...projects.map((project) => `--project=${project}`)];
}
