/**
 * Runs at most `max` tasks at once, the others waiting their turn in order. The staff login uses it for
 * password hashes: scrypt (N=2^17) runs on libuv's four threads, which also read the static files; thirty
 * logins at once would make every site that embeds the widget wait. Queued tries are already counted by the
 * login limiter, so the queue stays short.
 */
export type LimitedRunner = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimitedRunner(max: number): LimitedRunner {
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finished task hands its place to the next waiting one directly, so no newcomer can slip in between.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  };
  return async (task) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
