import { describe, expect, it } from 'vitest'
import type { ModelVersion, RegisteredModel, VersionStatus } from '@/api/service/aiTypes'
import {
  aliasesByVersion,
  aliasRows,
  isTagFilter,
  lineageEntries,
  moveTargets,
  parseTagFilters,
  ruleKey,
  servingSummary,
  signatureRows,
  validateMove
} from './aiModel'

const audit = { createdAt: '2026-11-30T10:00:00Z', createdBy: 'ana', updatedAt: '2026-11-30T10:00:00Z', updatedBy: 'ana' }

function version(n: number, status: VersionStatus): ModelVersion {
  return {
    model: 'risk',
    version: n,
    description: '',
    artifactUri: status === 'READY' ? `file:/m/risk/${n}/model.onnx` : null,
    checksum: status === 'READY' ? 'a'.repeat(64) : null,
    format: 'onnx',
    runtime: 'onnxruntime',
    signature: {
      inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'score', datatype: 'FP32', shape: [-1, 1] }]
    },
    metrics: {},
    params: {},
    tags: {},
    lineage: { sourceRun: 'run-7', trainingJob: null, dataset: 's3://data/risk/2026-11' },
    status,
    statusMessage: '',
    stage: 'NONE',
    audit,
    revision: 1
  }
}

const model: RegisteredModel = {
  name: 'risk',
  description: 'risk score',
  owner: 'ana',
  tags: {},
  aliases: { shadow: 3, champion: 1, challenger: 2, stable: 1 },
  lastVersion: 4,
  audit,
  revision: 5
}

const versions = [version(1, 'READY'), version(2, 'READY'), version(3, 'PENDING'), version(4, 'FAILED')]

describe('aliases', () => {
  it('lists aliases sorted by name', () => {
    expect(aliasRows(model).map((r) => `${r.alias}:${r.version}`)).toEqual([
      'challenger:2',
      'champion:1',
      'shadow:3',
      'stable:1'
    ])
  })

  it('groups aliases by the version they point at', () => {
    const byVersion = aliasesByVersion(model)
    expect(byVersion.get(1)).toEqual(['champion', 'stable'])
    expect(byVersion.get(2)).toEqual(['challenger'])
    expect(byVersion.has(4)).toBe(false)
  })
})

describe('moving an alias', () => {
  it('offers every other version, newest first, only READY ones selectable', () => {
    expect(moveTargets(versions, 1)).toEqual([
      { version: 4, status: 'FAILED', selectable: false },
      { version: 3, status: 'PENDING', selectable: false },
      { version: 2, status: 'READY', selectable: true }
    ])
  })

  it('accepts a READY version other than the current one', () => {
    expect(validateMove(versions, 1, 2)).toBeNull()
  })

  it('refuses no choice, the current version, a version that is not READY or does not exist', () => {
    expect(validateMove(versions, 1, undefined)).toBe('aiDomain.model.moveTo')
    expect(validateMove(versions, 1, 1)).toBe('aiDomain.model.moveNoTarget')
    expect(validateMove(versions, 1, 3)).toBe('aiDomain.model.moveNoTarget')
    expect(validateMove(versions, 1, 9)).toBe('aiDomain.model.moveNoTarget')
  })
})

describe('the route rule', () => {
  it('is keyed <model>.model-route', () => {
    expect(ruleKey('risk')).toBe('risk.model-route')
  })
})

describe('a version', () => {
  it('lists its signature inputs before outputs', () => {
    expect(signatureRows(versions[0]).map((r) => `${r.direction}:${r.name}`)).toEqual([
      'input:features',
      'output:score'
    ])
    expect(signatureRows({ signature: { inputs: [], outputs: [] } })).toEqual([])
  })

  it('lists only the lineage fields that are set, labelled by i18n key', () => {
    expect(lineageEntries(versions[0].lineage)).toEqual([
      { label: 'aiDomain.version.sourceRun', value: 'run-7' },
      { label: 'aiDomain.version.dataset', value: 's3://data/risk/2026-11' }
    ])
    expect(lineageEntries(null)).toEqual([])
  })
})

describe('tag filters', () => {
  it('splits the field on commas and checks key:value', () => {
    expect(parseTagFilters(' team:fraud, ,tier:gold ')).toEqual(['team:fraud', 'tier:gold'])
    expect(isTagFilter('team:fraud')).toBe(true)
    expect(isTagFilter('team:')).toBe(true)
    expect(isTagFilter(':fraud')).toBe(false)
    expect(isTagFilter('team')).toBe(false)
  })
})

describe('servingSummary', () => {
  it('lists registered providers and every host with its state, counting what the server counts as ready', () => {
    const summary = servingSummary({
      model: 'risk',
      version: 2,
      readyProviders: 2,
      providers: ['127.0.0.1:50051', '127.0.0.1:50052'],
      hosts: [
        { hostId: 'host-a', address: '127.0.0.1:50052', state: 'READY', reason: null, since: '', alive: true },
        { hostId: 'host-b', address: '127.0.0.1:50053', state: 'FAILED', reason: 'out of memory', since: '', alive: false }
      ],
      sources: ['dubbo-registry', 'fleet-documents']
    })
    expect(summary).toEqual({
      ready: 2,
      known: true,
      places: ['127.0.0.1:50051', 'host-a 127.0.0.1:50052 READY', 'host-b 127.0.0.1:50053 FAILED: out of memory (silent)']
    })
  })

  it('says when readiness could not be determined', () => {
    expect(servingSummary({ model: 'risk', version: 1, readyProviders: 0, providers: [], hosts: [], sources: [] }).known).toBe(false)
  })
})
