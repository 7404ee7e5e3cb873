import { describe, expect, it } from 'vitest'
import type { FeatureDrift, TargetStatus, VersionSeries } from '@/api/service/aiTypes'
import {
  analysableVersions,
  chartRows,
  findingText,
  histogramRows,
  sloRuleBody,
  formatMeasure,
  formatRelative,
  hasData,
  latestRows,
  stepOf,
  WINDOWS
} from './aiMonitoring'

const point = (time: string, values: Partial<Record<string, number | null>>) => ({
  time,
  throughput: null,
  errorRate: null,
  latencyP50: null,
  latencyP99: null,
  batchSize: null,
  ...values
})

// as the API answers: version 2 before 1, gaps as null
const series: VersionSeries[] = [
  {
    model: 'risk',
    version: '2',
    points: [
      point('2026-12-06T17:00:10Z', { throughput: 20, errorRate: 0.25, latencyP50: 0.0031, latencyP99: 0.0123456, batchSize: 1.5 }),
      point('2026-12-06T17:00:20Z', {})
    ]
  },
  {
    model: 'risk',
    version: '1',
    points: [
      point('2026-12-06T17:00:10Z', { throughput: 19.96, errorRate: 0, latencyP50: 0.002, latencyP99: 0.009 }),
      point('2026-12-06T17:00:20Z', { throughput: 21, errorRate: 0.01, latencyP50: 0.0025, latencyP99: null })
    ]
  }
]

describe('chartRows', () => {
  it('draws latency in ms, a p50 and a p99 line per version, versions in order, gaps left out', () => {
    const rows = chartRows(series, 'latency')
    expect(rows.map((r) => `${r.series}@${r.time.toISOString().slice(14, 19)}=${r.value}`)).toEqual([
      'v1 p50@00:10=2',
      'v1 p50@00:20=2.5',
      'v1 p99@00:10=9',
      'v2 p50@00:10=3.1',
      'v2 p99@00:10=12.3'
    ])
  })

  it('draws error rates in per cent and throughput in calls per second', () => {
    expect(chartRows(series, 'errors').map((r) => `${r.series}=${r.value}`)).toEqual(['v1=0', 'v1=1', 'v2=25'])
    expect(chartRows(series, 'throughput').map((r) => r.value)).toEqual([20, 21, 20])
    expect(chartRows(series, 'batch').map((r) => `${r.series}=${r.value}`)).toEqual(['v2=1.5'])
  })

  it('has nothing to draw without series', () => {
    expect(chartRows([], 'latency')).toEqual([])
    expect(hasData([])).toBe(false)
    expect(hasData([{ model: 'risk', version: '1', points: [point('2026-12-06T17:00:10Z', {})] }])).toBe(false)
  })
})

describe('latestRows', () => {
  it('takes the last known value of each metric per version', () => {
    const [v1, v2] = latestRows(series)
    expect(v1).toEqual({
      version: '1',
      time: '2026-12-06T17:00:20Z',
      throughput: 21,
      errorRate: 0.01,
      latencyP50: 0.0025,
      latencyP99: 0.009,
      batchSize: null,
      points: 2
    })
    expect(v2.time).toBe('2026-12-06T17:00:10Z')
    expect(v2.points).toBe(1)
    expect(hasData(series)).toBe(true)
  })
})

describe('windows', () => {
  it('give each window a step within the API limit of 1 000 points', () => {
    const seconds = (iso: string) => {
      const [, h, m, s] = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(iso) ?? []
      return Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0)
    }
    for (const { window, step } of WINDOWS) {
      expect(seconds(window) / seconds(step)).toBeLessThanOrEqual(1000)
      expect(seconds(step)).toBeGreaterThanOrEqual(10) // two scrape intervals at the default 5 s
      expect(stepOf(window)).toBe(step)
    }
    expect(stepOf('P1D')).toBe('PT30S')
  })
})

describe('formatting', () => {
  it('shows each unit for people', () => {
    expect(formatMeasure(0.0123456, 'seconds')).toBe('12.3 ms')
    expect(formatMeasure(0.25, 'ratio')).toBe('25 %')
    expect(formatMeasure(19.96, 'requests/s')).toBe('20 req/s')
    expect(formatMeasure(1234.5678, '')).toBe('1235')
    expect(formatMeasure(null, 'seconds')).toBe('–')
    expect(formatMeasure(Number.NaN, 'ratio')).toBe('–')
  })

  it('signs relative differences', () => {
    expect(formatRelative(0.125)).toBe('+12.5 %')
    expect(formatRelative(-0.5)).toBe('-50 %')
    expect(formatRelative(0)).toBe('0 %')
    expect(formatRelative(null)).toBe('–')
  })
})

describe('analysableVersions', () => {
  it("joins the series' and the targets' versions of the model, in order", () => {
    const targets: TargetStatus[] = [
      { target: { model: 'risk', version: '3', host: '127.0.0.1', port: 1 }, health: 'up', lastScrape: null, lastError: null, samples: 0 },
      { target: { model: 'churn', version: '9', host: '127.0.0.1', port: 2 }, health: 'up', lastScrape: null, lastError: null, samples: 0 }
    ]
    expect(analysableVersions(series, targets, 'risk')).toEqual(['1', '2', '3'])
  })
})

describe('histogramRows', () => {
  const numeric: FeatureDrift = {
    feature: 'amount',
    kind: 'NUMERIC',
    referenceCount: 100,
    currentCount: 80,
    drifted: true,
    statistics: [],
    reference: { edges: [1.5, 3], shares: [0.3, 0.4, 0.3], categories: {} },
    current: { edges: [1.5, 3], shares: [0.1, 0.2, 'NaN'], categories: {} }
  }

  it("names numeric bins by the reference's edges, from minus to plus infinity, in per cent", () => {
    expect(histogramRows(numeric).map((r) => `${r.bin}|${r.side}|${r.share}`)).toEqual([
      '≤ 1.5|reference|30',
      '≤ 1.5|current|10',
      '(1.5, 3]|reference|40',
      '(1.5, 3]|current|20',
      '> 3|reference|30',
      '> 3|current|0'
    ])
  })

  it('joins the categories of both sides, largest reference share first', () => {
    const categorical: FeatureDrift = {
      ...numeric,
      kind: 'CATEGORICAL',
      reference: { edges: [], shares: [], categories: { de: 0.2, fr: 0.8 } },
      current: { edges: [], shares: [], categories: { fr: 0.5, it: 0.5 } }
    }
    expect(histogramRows(categorical).map((r) => `${r.bin}|${r.side}|${r.share}`)).toEqual([
      'fr|reference|80',
      'fr|current|50',
      'de|reference|20',
      'de|current|0',
      'it|reference|0',
      'it|current|50'
    ])
  })
})

describe('findingText', () => {
  it('gives tests their p-value and effect sizes their threshold', () => {
    expect(findingText({ feature: 'a', statistic: 'PSI', value: 0.312345, pValue: 'NaN', threshold: 0.2, drifted: true })).toBe('PSI 0.3123 (≥ 0.2)')
    expect(findingText({ feature: 'a', statistic: 'KOLMOGOROV_SMIRNOV', value: 0.21, pValue: 0.004, threshold: 0.01, drifted: true })).toBe(
      'KS 0.21, p = 0.004 (< 0.01)'
    )
  })
})

describe('sloRuleBody', () => {
  const form = { id: ' risk-v2-errors ', version: '2', metric: 'error_rate' as const, errorPercent: 1, quantile: 0.99, thresholdMs: 250, minimum: 5, description: ' ' }

  it('sends only the fields of the chosen metric', () => {
    expect(sloRuleBody('risk', form)).toEqual({ id: 'risk-v2-errors', model: 'risk', version: '2', metric: 'error_rate', target: 0.99 })
    expect(sloRuleBody('risk', { ...form, metric: 'latency', description: 'p99 fast' })).toEqual({
      id: 'risk-v2-errors',
      model: 'risk',
      version: '2',
      metric: 'latency',
      quantile: 0.99,
      thresholdSeconds: 0.25,
      description: 'p99 fast'
    })
    expect(sloRuleBody('risk', { ...form, metric: 'throughput' })).toMatchObject({ metric: 'throughput', minimum: 5 })
  })
})
