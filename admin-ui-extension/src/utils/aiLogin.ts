/** Shape of a dubbo-ai bearer token: `dai_<12 hex digits>_<secret>` (io.dubboai.server.security.CredentialService). */
const TOKEN = /^dai_[0-9a-f]{12}_[A-Za-z0-9_-]{16,}$/

/**
 * Why a pasted token cannot be right, as an i18n key, or null when it may be (the server has the last word):
 * empty, or not `dai_<id>_<secret>` (often a copy that lost a part or took the `Bearer ` prefix along).
 */
export function tokenProblem(value: string | null | undefined): string | null {
  const token = (value ?? '').trim()
  if (token === '') return 'aiDomain.login.tokenRequired'
  return TOKEN.test(token) ? null : 'aiDomain.login.tokenFormat'
}
