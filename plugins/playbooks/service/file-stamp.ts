import { statSync } from 'node:fs'

/** A file's version stamp (mtime and size), used to invalidate the playbook and lane caches. */
export function fileStamp(file: string): string {
  const st = statSync(file)
  return `${st.mtimeMs}:${st.size}`
}
