/**
 * moto runs Lambda functions in Docker unless told otherwise; the e2e machine has no Docker,
 * so every test that creates a function first switches that off (before any function exists).
 * http://docs.getmoto.org/en/latest/docs/services/lambda.html
 */
export async function useMotoLambdaWithoutDocker(endpoint: string): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/config`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ lambda: { use_docker: false } }),
  });
  if (!response.ok) throw new Error(`moto refused its Lambda config: ${response.status} ${await response.text()}`);
}
