// Test-side control of the launcher's time (launcher_time.py): how long endpoints and jobs take.

/** How long SageMaker takes for requests signed with `accessKey`, in seconds (0 or absent: at once). */
export interface TimeSettings {
  accessKey: string;
  endpointCreateSeconds?: number;
  /** Building the new fleet of an update; traffic steps and bakes follow the update's DeploymentConfig. */
  endpointUpdateSeconds?: number;
  /** How far into the first bake a firing rollback alarm goes into ALARM. */
  alarmAfterSeconds?: number;
  jobSeconds?: number;
}

/** One scheduled step of a timed endpoint: `at` in epoch seconds; `share` of traffic on the new fleet. */
export interface TimeEvent {
  at: number;
  endpoint: string;
  event: 'creating' | 'created' | 'updating' | 'traffic' | 'updated' | 'rolled-back';
  share?: number;
  reason?: string;
}

/** Sets (replaces) the times for one access key and clears its events; `{ accessKey }` alone turns time off. */
export async function setTime(endpoint: string, settings: TimeSettings): Promise<void> {
  const res = await fetch(`${endpoint}/_e2e/time`, { method: 'POST', body: JSON.stringify(settings) });
  if (!res.ok) throw new Error(`setting times failed: HTTP ${res.status}`);
}

/** The scheduled steps of every endpoint created or updated with the access key since its times were set. */
export async function timeEvents(endpoint: string, accessKey: string): Promise<TimeEvent[]> {
  const res = await fetch(`${endpoint}/_e2e/time?accessKey=${encodeURIComponent(accessKey)}`);
  return ((await res.json()) as { events: TimeEvent[] }).events;
}
