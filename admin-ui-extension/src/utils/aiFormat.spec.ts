import { describe, expect, it } from 'vitest'
import {
  artifactFileName,
  auditAction,
  formatMetric,
  formatShape,
  formatTime,
  prettyJson,
  shortDigest,
  sortedEntries,
  tagLabels
} from './aiFormat'

describe('formatTime', () => {
  it('writes an instant as YYYY-MM-DD HH:mm:ss in the given time zone', () => {
    expect(formatTime('2026-11-30T23:05:09.123456Z', 'UTC')).toBe('2026-11-30 23:05:09')
    expect(formatTime('2026-11-30T23:05:09Z', 'Asia/Shanghai')).toBe('2026-12-01 07:05:09')
  })

  it('uses the browser time zone by default, with the same pattern', () => {
    expect(formatTime('2026-01-02T03:04:05Z')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
  })

  it('shows nothing for no value and the raw text for an unparseable one', () => {
    expect(formatTime(null)).toBe('')
    expect(formatTime('')).toBe('')
    expect(formatTime('yesterday')).toBe('yesterday')
  })
})

describe('shortDigest', () => {
  it('keeps 12 hex digits of a SHA-256', () => {
    expect(shortDigest('a'.repeat(64))).toBe('aaaaaaaaaaaa…')
    expect(shortDigest('abc')).toBe('abc')
    expect(shortDigest(null)).toBe('')
  })
})

describe('formatShape', () => {
  it('lists dimensions, -1 for any size, [] for a scalar', () => {
    expect(formatShape([-1, 4])).toBe('[-1, 4]')
    expect(formatShape([])).toBe('[]')
  })
})

describe('formatMetric', () => {
  it('keeps integers and trims long decimals to 4', () => {
    expect(formatMetric(12)).toBe('12')
    expect(formatMetric(0.912345)).toBe('0.9123')
    expect(formatMetric(0.5)).toBe('0.5')
    expect(formatMetric(123.456789)).toBe('123.4568')
  })

  it('uses exponents for very small and very large values', () => {
    expect(formatMetric(0.0000123)).toBe('1.230e-5')
    expect(formatMetric(1.5e12)).toBe('1.500e+12')
    expect(formatMetric(0)).toBe('0')
  })
})

describe('maps', () => {
  it('sorts entries by key and labels tags key=value', () => {
    expect(sortedEntries({ b: 1, a: 2 })).toEqual([
      ['a', 2],
      ['b', 1]
    ])
    expect(tagLabels({ tier: 'gold', team: 'fraud', flag: '' })).toEqual(['flag', 'team=fraud', 'tier=gold'])
    expect(tagLabels(undefined)).toEqual([])
  })
})

describe('prettyJson', () => {
  it('indents audit JSON and leaves other text alone', () => {
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}')
    expect(prettyJson('not json')).toBe('not json')
    expect(prettyJson(null)).toBe('')
  })
})

describe('artifactFileName', () => {
  it('takes the last segment of the URI when it is a safe file name', () => {
    expect(artifactFileName('file:/srv/models/risk/2/model.onnx', 'x')).toBe('model.onnx')
    expect(artifactFileName('s3://bucket/registry/risk/1/model.onnx?versionId=3', 'x')).toBe('model.onnx')
  })

  it('falls back for no URI, a folder, dots or odd characters', () => {
    expect(artifactFileName(null, 'risk-1.bin')).toBe('risk-1.bin')
    expect(artifactFileName('s3://bucket/', 'f')).toBe('bucket')
    expect(artifactFileName('file:/a/..', 'f')).toBe('f')
    expect(artifactFileName('file:/a/we ird"name', 'f')).toBe('f')
  })
})

describe('auditAction', () => {
  it('splits method and path', () => {
    expect(auditAction('PUT /api/v1/ai/models/risk/aliases/champion')).toEqual({
      method: 'PUT',
      path: '/api/v1/ai/models/risk/aliases/champion'
    })
    expect(auditAction('odd')).toEqual({ method: '', path: 'odd' })
  })
})
