/** The promise-returning methods of a service: all a stand-in can offer before the service exists. */
export type AsyncMethods<T> = { [K in keyof T as T[K] extends (...args: never[]) => Promise<unknown> ? K : never]: T[K] };

/**
 * A stand-in for a service that builds it (importing its SDK client) on its first call, once. A
 * command that may or may not reach a service (teardown's dry run, a bulk selection that matches
 * nothing) then pays only for the clients it really calls.
 */
export function lazyService<T extends object>(build: () => Promise<T>): AsyncMethods<T> {
  let built: Promise<T> | undefined;
  const stand = new Proxy(
    {},
    {
      // Not a thenable (so `await` on it is harmless), and no symbol keys: only method calls are forwarded.
      get: (_target, key) =>
        typeof key !== 'string' || key === 'then'
          ? undefined
          : (...args: unknown[]) =>
              (built ??= build()).then((service) => (service[key as keyof T] as (...a: unknown[]) => Promise<unknown>).apply(service, args)),
    },
  );
  return stand as AsyncMethods<T>;
}
