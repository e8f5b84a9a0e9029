/** `1 instance`, `2 instances`: a count with its noun, plural unless the count is exactly one. */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
