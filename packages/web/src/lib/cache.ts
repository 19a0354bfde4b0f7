/**
 * A tiny key-value store on IndexedDB: what the app shows before the network answers. Every
 * call fails soft (resolves undefined) where IndexedDB is missing or refuses, as in some
 * private modes: the cache is a speed-up, never a requirement.
 */
const DB_NAME = 'peyk';
const STORE = 'kv';

let opening: Promise<IDBDatabase | undefined> | undefined;

function database(): Promise<IDBDatabase | undefined> {
  opening ??= new Promise((resolve) => {
    try {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(undefined);
      request.onblocked = () => resolve(undefined);
    } catch {
      resolve(undefined);
    }
  });
  return opening;
}

async function run<T>(
  mode: IDBTransactionMode,
  use: (store: IDBObjectStore) => IDBRequest,
): Promise<T | undefined> {
  const db = await database();
  if (!db) return undefined;
  return new Promise((resolve) => {
    try {
      const request = use(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result as T);
      request.onerror = () => resolve(undefined);
    } catch {
      resolve(undefined);
    }
  });
}

export function cacheGet<T>(key: string): Promise<T | undefined> {
  return run<T>('readonly', (store) => store.get(key));
}

export async function cacheSet(key: string, value: unknown): Promise<void> {
  await run('readwrite', (store) => store.put(value, key));
}

export async function cacheClear(): Promise<void> {
  await run('readwrite', (store) => store.clear());
}
