import type { Page } from './playwright-types';

/** The names (never the values) of what the app's origin keeps: web storage keys, IndexedDB databases, cached URLs. */
export interface StorageSnapshot {
  readonly localStorage: readonly string[];
  readonly sessionStorage: readonly string[];
  readonly indexedDB: readonly string[];
  readonly cacheStorage: readonly string[];
}

/** Cache Storage entries are listed only for the API's origins (an app-shell cache is not auth state). */
export async function snapshotStorage(page: Page, apiOrigins: readonly string[]): Promise<StorageSnapshot> {
  return page.evaluate(
    async (origins) => {
      const keys = (storage: Storage) =>
        Array.from({ length: storage.length }, (_, index) => storage.key(index) ?? '').filter(Boolean);
      const databases =
        'databases' in indexedDB ? (await indexedDB.databases()).map((db) => db.name ?? '').filter(Boolean) : [];
      const cached: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys())
          if (origins.includes(new URL(request.url).origin)) cached.push(`${name} ${request.method} ${request.url}`);
      }
      return {
        localStorage: keys(localStorage),
        sessionStorage: keys(sessionStorage),
        indexedDB: databases,
        cacheStorage: cached,
      };
    },
    [...apiOrigins],
  );
}

/** What login added that is still there after logout, per area. */
export function survivingAuthState(
  before: StorageSnapshot,
  afterLogin: StorageSnapshot,
  afterLogout: StorageSnapshot,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const area of ['localStorage', 'sessionStorage', 'indexedDB', 'cacheStorage'] as const) {
    const added = afterLogin[area].filter((key) => !before[area].includes(key));
    const left = added.filter((key) => afterLogout[area].includes(key));
    if (left.length > 0) out[area] = left;
  }
  return out;
}
