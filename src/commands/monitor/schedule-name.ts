/**
 * The Model Monitor schedule and its job definition share one name, `<stack>-data-quality` (at
 * most 40 + 13 characters, within SageMaker's 63). Kept apart from spec.ts so teardown finds them
 * without importing the request builders.
 */
export function monitorName(stack: string): string {
  return `${stack}-data-quality`;
}
