/** A function that runs its body at most once and hands every caller the same promise. */
export function once<T>(body: () => Promise<T>): { (): Promise<T>; readonly started: boolean } {
  let result: Promise<T> | undefined;
  const run = () => (result ??= body());
  return Object.defineProperty(run, 'started', { get: () => result !== undefined }) as {
    (): Promise<T>;
    readonly started: boolean;
  };
}
