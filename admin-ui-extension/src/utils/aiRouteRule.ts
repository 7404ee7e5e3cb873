import type { Accelerator, ModelVersion, RouteRuleDocument } from '@/api/service/aiTypes'
import type { RuleProblem } from '@/base/http/problem'

/**
 * The route rule as the traffic page's form edits it, and back. The server validates (one codec for router, API and
 * UI); these functions only map, sum and place problems, so nothing here decides whether a rule is valid.
 */
export interface RuleForm {
  enabled: boolean
  traffic: { version: string; weight: number | null }[]
  /** '' = no accelerator constraint. */
  accelerator: Accelerator | ''
  gpuTypes: string[]
  /** null or 0 = no memory constraint. */
  minGpuMemoryMiB: number | null
  /** '' = no sticky routing. */
  stickyKey: string
  fallbackPolicy: 'fail' | 'version'
  fallbackVersion: string
  /** '' = no shadow traffic. */
  shadowVersion: string
  shadowPercent: number | null
}

export function toForm(rule: RouteRuleDocument): RuleForm {
  return {
    enabled: rule.enabled !== false,
    traffic: (rule.traffic ?? []).map((t) => ({ version: String(t.version), weight: t.weight })),
    accelerator: rule.gpu?.accelerator ?? '',
    gpuTypes: [...(rule.gpu?.gpuTypes ?? [])],
    minGpuMemoryMiB: rule.gpu?.minGpuMemoryMiB ?? null,
    stickyKey: rule.stickyKey ?? '',
    fallbackPolicy: rule.fallback?.policy === 'version' ? 'version' : 'fail',
    fallbackVersion: rule.fallback?.version ?? '',
    shadowVersion: rule.shadow?.version ?? '',
    shadowPercent: rule.shadow?.percent ?? null
  }
}

/**
 * The rule a form describes. `aliases` are repeated exactly as read (the API keeps the registry's and refuses other
 * ones); empty optional parts are left out so the server applies its defaults. A weight left empty is sent as 0 is
 * not: it is sent as `null`, so the server names the field.
 */
export function fromForm(model: string, form: RuleForm, aliases?: Record<string, string>): RouteRuleDocument {
  const rule: RouteRuleDocument = {
    model,
    enabled: form.enabled,
    traffic: form.traffic.map((t) => ({ version: t.version.trim(), weight: t.weight as number })),
    stickyKey: form.stickyKey.trim() === '' ? null : form.stickyKey.trim(),
    fallback:
      form.fallbackPolicy === 'version' ? { policy: 'version', version: form.fallbackVersion.trim() } : { policy: 'fail' }
  }
  if (aliases && Object.keys(aliases).length > 0) rule.aliases = { ...aliases }
  const gpu: NonNullable<RouteRuleDocument['gpu']> = {}
  if (form.accelerator) gpu.accelerator = form.accelerator
  const types = form.gpuTypes.map((t) => t.trim()).filter((t) => t !== '')
  if (types.length > 0) gpu.gpuTypes = types
  if (form.minGpuMemoryMiB) gpu.minGpuMemoryMiB = form.minGpuMemoryMiB
  if (Object.keys(gpu).length > 0) rule.gpu = gpu
  if (form.shadowVersion.trim() !== '') rule.shadow = { version: form.shadowVersion.trim(), percent: form.shadowPercent as number }
  return rule
}

/** The sum of the weights (the server wants 100, or no split at all). */
export const weightSum = (form: RuleForm): number => form.traffic.reduce((sum, t) => sum + (t.weight ?? 0), 0)

/** `90/10` style summary of a split, for confirmations: `1: 90 %, 2: 10 %`. */
export const splitSummary = (form: RuleForm): string =>
  form.traffic.map((t) => `${t.version || '?'}: ${t.weight ?? '?'} %`).join(', ')

/**
 * A new rule for a model with no rule yet: its newest READY version takes all traffic (or, with none ready, no split),
 * no constraints, fallback "fail".
 */
export function newRuleForm(versions: Pick<ModelVersion, 'version' | 'status'>[]): RuleForm {
  const ready = versions.filter((v) => v.status === 'READY').map((v) => v.version)
  const newest = ready.length > 0 ? Math.max(...ready) : null
  return {
    enabled: true,
    traffic: newest === null ? [] : [{ version: String(newest), weight: 100 }],
    accelerator: '',
    gpuTypes: [],
    minGpuMemoryMiB: null,
    stickyKey: '',
    fallbackPolicy: 'fail',
    fallbackVersion: '',
    shadowVersion: '',
    shadowPercent: null
  }
}

/**
 * The rule as YAML in the codec's layout (docs/contracts.md): what the form's current state will store, shown in the
 * YAML tab before saving. Strings are written double-quoted (JSON strings are YAML), so versions stay text.
 */
export function ruleToYaml(rule: RouteRuleDocument): string {
  const q = (s: string) => JSON.stringify(s)
  const lines = [`configVersion: ${rule.configVersion ?? 'v1'}`, `model: ${q(rule.model)}`, `enabled: ${rule.enabled}`]
  if (rule.traffic.length === 0) lines.push('traffic: []')
  else {
    lines.push('traffic:')
    for (const t of rule.traffic) lines.push(`  - version: ${q(t.version)}`, `    weight: ${t.weight ?? 'null'}`)
  }
  const aliases = Object.entries(rule.aliases ?? {})
  if (aliases.length > 0) {
    lines.push('aliases:')
    for (const [alias, version] of aliases) lines.push(`  ${alias}: ${q(version)}`)
  }
  if (rule.gpu) {
    lines.push('gpu:')
    if (rule.gpu.accelerator) lines.push(`  accelerator: ${rule.gpu.accelerator}`)
    if (rule.gpu.gpuTypes?.length) lines.push(`  gpuTypes: [${rule.gpu.gpuTypes.map(q).join(', ')}]`)
    if (rule.gpu.minGpuMemoryMiB) lines.push(`  minGpuMemoryMiB: ${rule.gpu.minGpuMemoryMiB}`)
  }
  lines.push(`stickyKey: ${rule.stickyKey === null ? 'null' : q(rule.stickyKey)}`)
  lines.push('fallback:', `  policy: ${rule.fallback.policy}`)
  if (rule.fallback.version !== undefined) lines.push(`  version: ${q(rule.fallback.version)}`)
  if (rule.shadow) lines.push('shadow:', `  version: ${q(rule.shadow.version)}`, `  percent: ${rule.shadow.percent ?? 'null'}`)
  return lines.join('\n') + '\n'
}

/** Problems by 1-based line; those without a line (e.g. "weights sum to 90") under 0. */
export function problemsByLine(problems: readonly RuleProblem[]): Map<number, RuleProblem[]> {
  const byLine = new Map<number, RuleProblem[]>()
  for (const problem of problems) {
    const line = problem.line && problem.line > 0 ? problem.line : 0
    byLine.set(line, [...(byLine.get(line) ?? []), problem])
  }
  return new Map([...byLine.entries()].sort(([a], [b]) => a - b))
}

/**
 * Where a problem belongs in the form: `traffic[2].weight` → `traffic.2`, `gpu.gpuTypes[0]` → `gpu`, `fallback.version`
 * → `fallback`, `stickyKey` → `stickyKey`; anything else (the whole rule, `model`, `aliases`) → `rule`.
 */
export function formFieldOf(path: string): string {
  const traffic = /^traffic\[(\d+)\]/.exec(path)
  if (traffic) return `traffic.${traffic[1]}`
  const head = path.split(/[.[]/)[0]
  return ['traffic', 'gpu', 'stickyKey', 'fallback', 'enabled', 'shadow'].includes(head) ? head : 'rule'
}

/** The character offsets of a text's 1-based line (to select it in a textarea); the last line when past the end. */
export function lineRange(text: string, line: number): { start: number; end: number } {
  const lines = text.split('\n')
  const index = Math.min(Math.max(line, 1), lines.length) - 1
  const start = lines.slice(0, index).reduce((sum, l) => sum + l.length + 1, 0)
  return { start, end: start + lines[index].length }
}

/** Versions the form offers: the registry's, newest first, with those the rule names but the registry lacks. */
export function versionChoices(versions: Pick<ModelVersion, 'version' | 'status'>[], form: RuleForm): string[] {
  const names = new Set(versions.map((v) => String(v.version)))
  for (const t of form.traffic) if (t.version) names.add(t.version)
  if (form.fallbackVersion) names.add(form.fallbackVersion)
  if (form.shadowVersion) names.add(form.shadowVersion)
  return [...names].sort((a, b) => Number(b) - Number(a) || b.localeCompare(a))
}

/** An `ETag` header's tag: `"abc"` or `W/"abc"` → `abc`. */
export function unquoteEtag(header: unknown): string {
  const value = typeof header === 'string' ? header.trim() : ''
  return value.replace(/^W\//, '').replace(/^"(.*)"$/, '$1')
}
