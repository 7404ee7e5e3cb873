import type {
  DriftFinding,
  FeatureDrift,
  MetricCheck,
  SeriesPoint,
  SloMetric,
  SloRule,
  TargetStatus,
  VersionSeries
} from '@/api/service/aiTypes'
import { num } from '@/utils/aiFormat'

/**
 * Monitoring data as the charts and tables of the monitoring page draw it: long rows (time, series, value) for G2,
 * in display units (milliseconds, per cent), gaps (null) left out.
 */

/** The charts of the page, each from one or two fields of a point. */
export type ChartKind = 'latency' | 'throughput' | 'errors' | 'batch'

export interface ChartRow {
  time: Date
  /** the line: `v1`, or `v1 p99` for latency */
  series: string
  value: number
}

const FIELDS: Record<ChartKind, { field: keyof SeriesPoint; label: string; scale: number }[]> = {
  latency: [
    { field: 'latencyP50', label: 'p50', scale: 1000 },
    { field: 'latencyP99', label: 'p99', scale: 1000 }
  ],
  throughput: [{ field: 'throughput', label: '', scale: 1 }],
  errors: [{ field: 'errorRate', label: '', scale: 100 }],
  batch: [{ field: 'batchSize', label: '', scale: 1 }]
}

/** The unit each chart is drawn in. */
export const CHART_UNITS: Record<ChartKind, string> = { latency: 'ms', throughput: 'req/s', errors: '%', batch: 'rows' }

/** Rows of one chart: one line per version (two for latency: p50 and p99), oldest first, versions in order. */
export function chartRows(series: readonly VersionSeries[], kind: ChartKind): ChartRow[] {
  const rows: ChartRow[] = []
  for (const s of [...series].sort((a, b) => compareVersions(a.version, b.version))) {
    for (const { field, label, scale } of FIELDS[kind]) {
      const name = label ? `v${s.version} ${label}` : `v${s.version}`
      for (const point of s.points) {
        const value = point[field]
        if (typeof value === 'number' && Number.isFinite(value)) {
          rows.push({ time: new Date(point.time), series: name, value: round(value * scale) })
        }
      }
    }
  }
  return rows
}

/** The latest known value of each metric, per version: the table under the charts. */
export interface LatestRow {
  version: string
  time: string | null
  throughput: number | null
  errorRate: number | null
  latencyP50: number | null
  latencyP99: number | null
  batchSize: number | null
  /** points with any value in the window */
  points: number
}

export function latestRows(series: readonly VersionSeries[]): LatestRow[] {
  return [...series]
    .sort((a, b) => compareVersions(a.version, b.version))
    .map((s) => {
      const last = (field: keyof Omit<SeriesPoint, 'time'>) =>
        [...s.points].reverse().find((p) => typeof p[field] === 'number')?.[field] ?? null
      const withData = s.points.filter((p) => p.throughput !== null || p.latencyP50 !== null || p.errorRate !== null)
      return {
        version: s.version,
        time: withData.length > 0 ? withData[withData.length - 1].time : null,
        throughput: last('throughput'),
        errorRate: last('errorRate'),
        latencyP50: last('latencyP50'),
        latencyP99: last('latencyP99'),
        batchSize: last('batchSize'),
        points: withData.length
      }
    })
}

/** Whether any version has any value: otherwise the page says how to get data. */
export const hasData = (series: readonly VersionSeries[]): boolean => latestRows(series).some((r) => r.points > 0)

/** The windows offered, each with a step that gives 30 to 60 points (the API allows at most 1 000). */
export const WINDOWS: readonly { window: string; step: string }[] = [
  { window: 'PT5M', step: 'PT10S' },
  { window: 'PT15M', step: 'PT30S' },
  { window: 'PT1H', step: 'PT1M' },
  { window: 'PT6H', step: 'PT10M' }
]

export const stepOf = (window: string): string => WINDOWS.find((w) => w.window === window)?.step ?? 'PT30S'

/** The checks of the page's analysis: error rate at most +1 point, p99 at most +20 %, p50 and throughput reported. */
export const DEFAULT_CHECKS: readonly MetricCheck[] = [
  { metric: 'error_rate', maxDegradation: 0.01 },
  { metric: 'latency_p99', maxRelativeDegradation: 0.2 },
  { metric: 'latency_p50' },
  { metric: 'throughput' }
]

/** A metric value in its unit for people: seconds as ms, ratios as %, rates per second. */
export function formatMeasure(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  switch (unit) {
    case 'seconds':
      return `${round(value * 1000)} ms`
    case 'ratio':
      return `${round(value * 100)} %`
    case 'requests/s':
      return `${round(value)} req/s`
    default:
      return String(round(value))
  }
}

/** A relative difference as a signed percentage: `+12.5 %`. */
export function formatRelative(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  const percent = round(value * 100)
  return `${percent > 0 ? '+' : ''}${percent} %`
}

/** The versions the analysis may compare: the model's scraped versions, in order. */
export const analysableVersions = (series: readonly VersionSeries[], targets: readonly TargetStatus[], model: string) =>
  [...new Set([...series.map((s) => s.version), ...targets.filter((t) => t.target.model === model).map((t) => t.target.version)])].sort(
    compareVersions
  )

function compareVersions(a: string, b: string): number {
  return Number(a) - Number(b) || a.localeCompare(b)
}

/** Three significant digits, at most three decimals. */
function round(value: number): number {
  if (value === 0) return 0
  const digits = Math.min(3, Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value)))))
  return Number(value.toFixed(digits))
}

/** One bar of a drift histogram: a bin's share of values, in per cent, on one side. */
export interface HistogramRow {
  bin: string
  side: 'reference' | 'current'
  share: number
}

/**
 * A feature's reference and current histograms as bars. Numeric bins are named by their edges (`≤ 1.5`,
 * `(1.5, 3]`, `> 9`: the report's bins run from minus to plus infinity, one more than its edges); categories are
 * the union of both sides, largest reference share first.
 */
export function histogramRows(feature: FeatureDrift): HistogramRow[] {
  const rows: HistogramRow[] = []
  const push = (bin: string, side: 'reference' | 'current', share: number | string | undefined) =>
    rows.push({ bin, side, share: roundTo((num(share ?? null) ?? 0) * 100, 2) })
  if (feature.kind === 'NUMERIC') {
    const edges = feature.reference.edges.map((e) => num(e) ?? 0)
    const bins = binNames(edges, feature.reference.shares.length)
    bins.forEach((bin, i) => {
      push(bin, 'reference', feature.reference.shares[i])
      push(bin, 'current', feature.current.shares[i])
    })
    return rows
  }
  const reference = feature.reference.categories
  const current = feature.current.categories
  const categories = [...new Set([...Object.keys(reference), ...Object.keys(current)])].sort(
    (a, b) => (num(reference[b] ?? 0) ?? 0) - (num(reference[a] ?? 0) ?? 0) || a.localeCompare(b)
  )
  for (const category of categories) {
    push(category, 'reference', reference[category] ?? 0)
    push(category, 'current', current[category] ?? 0)
  }
  return rows
}

function binNames(edges: number[], count: number): string[] {
  const e = edges.map((x) => String(roundTo(x, 4)))
  if (count === edges.length + 1) {
    return Array.from({ length: count }, (_, i) =>
      i === 0 ? `≤ ${e[0]}` : i === count - 1 ? `> ${e[i - 1]}` : `(${e[i - 1]}, ${e[i]}]`
    )
  }
  // edges around every bin
  return Array.from({ length: count }, (_, i) => `[${e[i] ?? '?'}, ${e[i + 1] ?? '?'})`)
}

/** A drift statistic for people: `PSI 0.31 (≥ 0.2)`, `KS p = 0.004 (< 0.01)`. */
export function findingText(finding: DriftFinding): string {
  const names: Record<string, string> = {
    PSI: 'PSI',
    KOLMOGOROV_SMIRNOV: 'KS',
    CHI_SQUARE: 'χ²',
    JENSEN_SHANNON: 'JS',
    WASSERSTEIN: 'W1'
  }
  const name = names[finding.statistic] ?? finding.statistic
  const value = num(finding.value)
  const p = num(finding.pValue)
  const threshold = num(finding.threshold)
  const shown = (n: number | null) => (n === null ? '–' : String(roundTo(n, 4)))
  const isTest = finding.statistic === 'KOLMOGOROV_SMIRNOV' || finding.statistic === 'CHI_SQUARE'
  return isTest
    ? `${name} ${shown(value)}, p = ${shown(p)} (< ${shown(threshold)})`
    : `${name} ${shown(value)} (≥ ${shown(threshold)})`
}

/** What an SLO rule form holds; only the fields of the chosen metric are sent. */
export interface SloForm {
  id: string
  version: string
  metric: SloMetric
  /** error_rate: allowed error rate in per cent (the rule's target is 1 − that) */
  errorPercent: number | null
  quantile: number | null
  thresholdMs: number | null
  minimum: number | null
  description: string
}

export function sloRuleBody(model: string, form: SloForm): Partial<SloRule> {
  const rule: Partial<SloRule> = { id: form.id.trim(), model, version: form.version, metric: form.metric }
  if (form.metric === 'error_rate') rule.target = form.errorPercent === null ? null : roundTo(1 - form.errorPercent / 100, 6)
  if (form.metric === 'latency') {
    rule.quantile = form.quantile
    rule.thresholdSeconds = form.thresholdMs === null ? null : form.thresholdMs / 1000
  }
  if (form.metric === 'throughput') rule.minimum = form.minimum
  if (form.description.trim()) rule.description = form.description.trim()
  return rule
}

function roundTo(value: number, decimals: number): number {
  return Number(value.toFixed(decimals))
}
