import { callFull } from '@/base/http/request'
import type { RouteRuleDocument } from '@/api/service/aiTypes'
import { unquoteEtag } from '@/utils/aiRouteRule'

/**
 * The route-rule API of dubbo-ai-deployment (docs/deployment.md): `GET`/`PUT /ai/models/{model}/route-rule`, JSON or
 * YAML, with an `ETag` that names the stored text. Every call is `silent`: the traffic page shows the problems itself
 * (at their lines), so no message pops up.
 */

const path = (model: string) => `/ai/models/${encodeURIComponent(model)}/route-rule`

/** A rule as read or written, with the tag to send back in `If-Match`. */
export interface StoredRule<T> {
  etag: string
  body: T
}

/** The rule as its JSON tree; 404 when the model has none, 409 `stored-route-rule-invalid` when the text is broken. */
export async function getRouteRule(model: string): Promise<StoredRule<RouteRuleDocument>> {
  const answer = await callFull<RouteRuleDocument>({
    url: path(model),
    method: 'get',
    headers: { Accept: 'application/json' },
    silent: true
  })
  return { etag: unquoteEtag(answer.headers.etag), body: answer.data }
}

/** The rule as the YAML text the config center stores. */
export async function getRouteRuleYaml(model: string): Promise<StoredRule<string>> {
  const answer = await callFull<string>({
    url: path(model),
    method: 'get',
    headers: { Accept: 'application/yaml' },
    responseType: 'text',
    silent: true
  })
  return { etag: unquoteEtag(answer.headers.etag), body: String(answer.data) }
}

/** What a write may write over: the rule read with that tag, or nothing (create). */
export type RulePrecondition = { etag: string } | 'create'

/**
 * Replaces the rule's deployment fields (the aliases stay the registry's) and answers the stored rule with its new
 * tag. `rule` is a YAML text or a JSON tree; a bad rule is refused with every problem at its line and column.
 */
export async function putRouteRule(
  model: string,
  rule: string | RouteRuleDocument,
  precondition: RulePrecondition
): Promise<StoredRule<RouteRuleDocument>> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Content-Type': typeof rule === 'string' ? 'application/yaml' : 'application/json'
  }
  if (precondition === 'create') headers['If-None-Match'] = '*'
  else headers['If-Match'] = `"${precondition.etag}"`
  const answer = await callFull<RouteRuleDocument>({
    url: path(model),
    method: 'put',
    headers,
    data: typeof rule === 'string' ? rule : JSON.stringify(rule, null, 2),
    silent: true
  })
  return { etag: unquoteEtag(answer.headers.etag), body: answer.data }
}
