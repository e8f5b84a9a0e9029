// Test-side control of the launcher's fault injector (FaultInjector in moto_server.py).

/** What the launcher injects for requests signed with `accessKey` (every request when absent). */
export interface FaultSettings {
  seed: number;
  accessKey?: string;
  /** Shares of requests, 0..1, drawn exclusively per request. */
  throttle?: number;
  serverError?: number;
  lostAnswer?: number;
  /** Signing services the shares apply to (all when absent). */
  services?: string[];
  /** Actions refused with AccessDenied, e.g. `lambda:GetFunction`, optionally only for requests naming `resource`. */
  deny?: { action: string; resource?: string }[];
}

export interface InjectedFault {
  target: string;
  service: string;
  fault: 'throttle' | 'internal' | 'unavailable' | 'lostAnswer' | 'deny';
}

/** Sets (replaces) the faults for one access key; `{ seed: 0, accessKey }` alone turns them off. */
export async function setFaults(endpoint: string, settings: FaultSettings): Promise<void> {
  const res = await fetch(`${endpoint}/_e2e/faults`, { method: 'POST', body: JSON.stringify(settings) });
  if (!res.ok) throw new Error(`setting faults failed: HTTP ${res.status}`);
}

/** Every fault injected so far for the access key. */
export async function injectedFaults(endpoint: string, accessKey = ''): Promise<InjectedFault[]> {
  const res = await fetch(`${endpoint}/_e2e/faults?accessKey=${encodeURIComponent(accessKey)}`);
  return ((await res.json()) as { injected: InjectedFault[] }).injected;
}
