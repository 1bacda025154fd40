import type { CatalogueEntry } from '../entry';

/** Cookie attribute, delivery and browser diagnoses (issue 4). */
export const COOKIE_ENTRIES = {
} as const satisfies Record<string, CatalogueEntry>;
