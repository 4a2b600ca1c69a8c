import type { GiteaClient } from '../client.js'
import type { GiteaPrCreateEffect, GiteaPrMergeEffect } from '../effects.js'
import { need } from './need.js'

/** `gitea.pr.create`: open a PR (idempotently: an open one for the same base/head is returned). */
export async function applyPrCreate(
  client: GiteaClient,
  e: GiteaPrCreateEffect,
): Promise<Record<string, unknown>> {
  need(
    e,
    typeof e.head === 'string' && typeof e.base === 'string' && typeof e.title === 'string',
    'head, base and title are required',
  )
  const pr = await client.createPull(e.repo, {
    head: e.head,
    base: e.base,
    title: e.title,
    ...(e.body !== undefined ? { body: e.body } : {}),
  })
  return { repo: e.repo, pr: pr.number, url: pr.html_url }
}

/** `gitea.pr.merge`: merge the PR with the asked style, title, message and branch deletion. */
export async function applyPrMerge(
  client: GiteaClient,
  e: GiteaPrMergeEffect,
): Promise<Record<string, unknown>> {
  await client.mergePull(e.repo, e.issue, {
    ...(e.do ? { do: e.do } : {}),
    ...(e.title !== undefined ? { title: e.title } : {}),
    ...(e.message !== undefined ? { message: e.message } : {}),
    ...(e.deleteBranch !== undefined ? { deleteBranch: e.deleteBranch } : {}),
  })
  return { repo: e.repo, pr: e.issue, merged: true }
}
