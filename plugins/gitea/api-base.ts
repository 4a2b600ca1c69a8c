/** The API root of a Gitea server base URL: `https://git.example.com/` → `https://git.example.com/api/v1`. */
export function apiBaseOf(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/v1`
}
