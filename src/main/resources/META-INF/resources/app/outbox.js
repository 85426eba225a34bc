// Petitions written without a connection wait here (IndexedDB, photos as Blobs) until they can be
// sent. Each keeps the Idempotency-Key it was given when it was written, and every attempt sends that
// same key: if an attempt reached the server but its answer was lost, the retry gets the stored
// answer back instead of filing a second petition. One sender at a time, across tabs too.

const DB_NAME = 'palm-outbox';
const STORE = 'petitions';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function tx(mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const result = work(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(result && 'result' in result ? result.result : undefined);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

/** entry: {key, owner, petition, photos: [{name, type, blob}], createdAt, state: 'pending'|'failed', reason} */
export function put(entry) {
  return tx('readwrite', (store) => store.put(entry));
}

export function remove(key) {
  return tx('readwrite', (store) => store.delete(key));
}

export async function list(owner) {
  const all = (await tx('readonly', (store) => store.getAll())) || [];
  return all.filter((e) => !owner || e.owner === owner).sort((a, b) => a.createdAt - b.createdAt);
}

let running = null;

/**
 * Sends every pending entry of this owner with send(entry) → 'sent' | 'retry' | {failed: reason}.
 * Stops at the first 'retry' (no connection yet). Answers how many were sent.
 */
export function flush(owner, send) {
  if (running) return running;
  const work = async () => {
    let sent = 0;
    for (const entry of await list(owner)) {
      if (entry.state !== 'pending') continue;
      const outcome = await send(entry);
      if (outcome === 'sent') {
        await remove(entry.key);
        sent++;
      } else if (outcome === 'retry') {
        break;
      } else {
        await put({ ...entry, state: 'failed', reason: outcome.failed });
      }
    }
    return sent;
  };
  const locked = navigator.locks ? navigator.locks.request('palm-outbox', work) : work();
  running = locked.finally(() => { running = null; });
  return running;
}
