/** Shared set-up for the Gitea tests: a fake Gitea and a client whose sleeps are instant and recorded. */
import { createGiteaClient, type GiteaClientOptions } from '../../plugins/gitea/client.js'
import { type FakeGitea, type FakeGiteaOptions, startFakeGitea } from './fake-gitea.js'

type Cleanup = { after(fn: () => unknown): void }

export async function fakeGitea(t: Cleanup, opts: FakeGiteaOptions = {}): Promise<FakeGitea> {
  const fake = await startFakeGitea(opts)
  t.after(() => fake.close())
  return fake
}

export function clientFor(fake: FakeGitea, extra: Partial<GiteaClientOptions> = {}) {
  const sleeps: number[] = []
  const client = createGiteaClient({
    url: fake.url,
    token: fake.token,
    writesPerMinute: 0,
    sleep: async (ms) => {
      sleeps.push(ms)
    },
    random: () => 0.5,
    ...extra,
  })
  return { client, sleeps }
}
