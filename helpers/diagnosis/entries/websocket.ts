import type { CatalogueEntry } from '../entry';

/** WebSocket handshake and session diagnoses (issue 5). */
export const WEBSOCKET_ENTRIES = {
} as const satisfies Record<string, CatalogueEntry>;
