import type { Lineage, ModelVersion, RegisteredModel, TensorSpec, VersionServing } from '@/api/service/aiTypes'

/** Config-center key and group of a model's route rule (`io.dubboai.core.rule.RouteRules`). */
export const RULE_GROUP = 'dubbo'
export const ruleKey = (model: string) => `${model}.model-route`

/** One row of a model's alias table. */
export interface AliasRow {
  alias: string
  version: number
}

/** A model's aliases sorted by name. */
export function aliasRows(model: Pick<RegisteredModel, 'aliases'>): AliasRow[] {
  return Object.entries(model.aliases ?? {})
    .map(([alias, version]) => ({ alias, version }))
    .sort((a, b) => (a.alias < b.alias ? -1 : a.alias > b.alias ? 1 : 0))
}

/** Version → the aliases pointing at it, each list sorted. */
export function aliasesByVersion(model: Pick<RegisteredModel, 'aliases'>): Map<number, string[]> {
  const byVersion = new Map<number, string[]>()
  for (const { alias, version } of aliasRows(model)) {
    byVersion.set(version, [...(byVersion.get(version) ?? []), alias])
  }
  return byVersion
}

/** Where an alias may be moved to: every version but the current one, READY ones selectable, newest first. */
export interface MoveTarget {
  version: number
  status: ModelVersion['status']
  selectable: boolean
}

export function moveTargets(versions: readonly ModelVersion[], current: number | undefined): MoveTarget[] {
  return versions
    .filter((v) => v.version !== current)
    .map((v) => ({ version: v.version, status: v.status, selectable: v.status === 'READY' }))
    .sort((a, b) => b.version - a.version)
}

/**
 * Why an alias move cannot be sent, as an i18n key, or null when it can: a target must be chosen, differ from the
 * current version and be READY (an alias on a version that no provider serves would fail its calls).
 */
export function validateMove(
  versions: readonly ModelVersion[],
  current: number | undefined,
  target: number | undefined
): string | null {
  if (target === undefined) return 'aiDomain.model.moveTo'
  const chosen = versions.find((v) => v.version === target)
  if (!chosen || chosen.version === current || chosen.status !== 'READY') return 'aiDomain.model.moveNoTarget'
  return null
}

/** Signature rows for one table: inputs then outputs. */
export interface TensorRow extends TensorSpec {
  direction: 'input' | 'output'
}

export function signatureRows(version: Pick<ModelVersion, 'signature'>): TensorRow[] {
  const { inputs = [], outputs = [] } = version.signature ?? { inputs: [], outputs: [] }
  return [
    ...inputs.map((t) => ({ ...t, direction: 'input' as const })),
    ...outputs.map((t) => ({ ...t, direction: 'output' as const }))
  ]
}

/** The lineage fields that are set, with the i18n key of their label. */
export function lineageEntries(lineage: Lineage | null | undefined): { label: string; value: string }[] {
  if (!lineage) return []
  const fields: [keyof Lineage, string][] = [
    ['sourceRun', 'aiDomain.version.sourceRun'],
    ['trainingJob', 'aiDomain.version.trainingJob'],
    ['dataset', 'aiDomain.version.dataset']
  ]
  return fields.flatMap(([field, label]) => {
    const value = lineage[field]
    return value ? [{ label, value }] : []
  })
}

/** A `key:value` tag filter is well formed: a non-empty key before the first colon. */
export function isTagFilter(filter: string): boolean {
  return filter.indexOf(':') > 0
}

/** Splits the tag filter field (`team:fraud, tier:gold`) into filters; blanks dropped. */
export function parseTagFilters(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
}

/** How a version's serving reads in the versions table: ready count, whether known, and one line per place. */
export interface ServingSummary {
  ready: number
  known: boolean
  places: string[]
}

export function servingSummary(serving: VersionServing): ServingSummary {
  const hostAddresses = new Set(serving.hosts.map((h) => h.address))
  const places = [
    ...serving.providers.filter((a) => !hostAddresses.has(a)),
    ...serving.hosts.map(
      (h) => `${h.hostId} ${h.address} ${h.state}${h.reason ? `: ${h.reason}` : ''}${h.alive ? '' : ' (silent)'}`
    )
  ]
  return { ready: serving.readyProviders, known: serving.sources.length > 0, places }
}
