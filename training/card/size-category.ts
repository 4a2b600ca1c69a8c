/** The Hugging Face size category of a pair count. */
export function sizeCategory(n: number): string {
  if (n < 1000) return 'n<1K'
  if (n < 10_000) return '1K<n<10K'
  if (n < 100_000) return '10K<n<100K'
  if (n < 1_000_000) return '100K<n<1M'
  return '1M<n<10M'
}
