/** The pull-request methods of the Gitea client: list, get, find by base/head, create (idempotent), merge. */

import { createPull } from './client/create-pull.js'
import { findPull } from './client/find-pull.js'
import { getPull } from './client/get-pull.js'
import { listPulls } from './client/list-pulls.js'
import { mergePull } from './client/merge-pull.js'
import type { ClientContext } from './client-context.js'

/** The pull-request methods over the shared context; each is a function in `client/`. */
export function pullMethods(ctx: ClientContext) {
  return {
    listPulls: listPulls.bind(null, ctx),
    getPull: getPull.bind(null, ctx),
    findPull: findPull.bind(null, ctx),
    createPull: createPull.bind(null, ctx),
    mergePull: mergePull.bind(null, ctx),
  }
}
