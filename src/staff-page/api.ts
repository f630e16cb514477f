/**
 * Talking to /staff/api: JSON with the session cookie, and on every POST the session's CSRF token in the
 * X-CSRF-Token header (a cross-site form cannot set it). A 401 raises the signed-out banner. `LatestRequest`
 * keeps only the newest of a series of requests: starting one aborts the one before, so an old answer
 * never overwrites a newer one.
 */
import { signedOut } from './signed-out.js';

const API = '/staff/api/';

export interface ApiAnswer<T> {
  status: number;
  json: T | null;
}

let csrf = '';

export function setCsrf(token: string): void {
  csrf = token;
}

export function api<T>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method === 'POST') {
    headers['content-type'] = 'application/json';
    headers['x-csrf-token'] = csrf;
  }
  return fetch(API + path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  }).then((res): Promise<ApiAnswer<T>> => {
    if (res.status === 401) signedOut();
    if (res.status === 204) return Promise.resolve({ status: res.status, json: null });
    return res.json().then(
      (json: T) => ({ status: res.status, json }),
      () => ({ status: res.status, json: null }),
    );
  });
}

/** A series of requests of which only the newest counts; each one is numbered by `next()`. */
export class LatestRequest {
  private seq = 0;
  private controller: AbortController | null = null;

  /** Aborts the request on its way, if any. */
  cancel(): void {
    if (this.controller) this.controller.abort();
    this.controller = null;
  }

  /** Cancels the previous request and numbers the next one. */
  next(): number {
    this.cancel();
    return ++this.seq;
  }

  /** A signal that aborts the current request when a newer one starts. */
  signal(): AbortSignal | undefined {
    const aborter = typeof AbortController === 'function' ? new AbortController() : null;
    this.controller = aborter;
    return aborter ? aborter.signal : undefined;
  }

  /** Whether request `mine` is still the newest (else its answer is stale). */
  isLatest(mine: number): boolean {
    return mine === this.seq;
  }
}
