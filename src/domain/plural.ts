/** Counts in messages read as English: "1 model", "2 models", never "1 models" or "model(s)". */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
