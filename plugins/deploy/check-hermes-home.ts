/**
 * `$HERMES_HOME` must be a folder (or not exist yet: deploy creates it). A file there would fail deep
 * inside a deploy with ENOTDIR; this says so first, for deploy, its dry run, adopt and rollback alike.
 */
import { statSync } from 'node:fs'
import { E } from './errors.js'

export function checkHermesHome(path: string): void {
  const st = statSync(path, { throwIfNoEntry: false })
  if (st && !st.isDirectory()) throw E.DEPLOY_HERMES_HOME_NOT_DIR({ path })
}
