import { describe, expect, it } from 'vitest'
import type { Deployment } from '@/api/service/aiTypes'
import {
  canarySpec,
  deploymentActions,
  gateEvents,
  isFinal,
  parseSteps,
  rolloutSteps,
  stepPercents,
  weightRows
} from './aiDeployments'

const event = (type: string, verdict: string | null = null) => ({
  at: '2026-12-06T17:00:00Z',
  type,
  message: type,
  weights: {},
  verdict,
  metrics: []
})

const canary: Deployment = {
  spec: { name: 'risk-v2', model: 'risk', version: '2', strategy: { type: 'canary', steps: [10, 50, 100], stepInterval: 'PT30S', gates: [] } },
  candidate: '2',
  baseline: '1',
  phase: 'PROGRESSING',
  paused: false,
  step: 1,
  stepStartedAt: '2026-12-06T17:00:30Z',
  lastCheckAt: null,
  inconclusive: 0,
  rollbackTo: null,
  weights: { '2': 50, '1': 50, '3': 0 },
  conditions: [],
  events: [event('Created'), event('StepStarted'), event('GatePassed', 'PASS'), event('StepStarted')],
  createdBy: 'ana',
  createdAt: '2026-12-06T17:00:00Z',
  finishedAt: null,
  baselineRemoved: false
}

const statuses = (d: Deployment) => rolloutSteps(d).map((s) => `${s.percent ?? 'ready'}:${s.status}`)

describe('rolloutSteps', () => {
  it('marks the steps done, the current one in progress and the rest waiting', () => {
    expect(statuses(canary)).toEqual(['ready:finish', '10:finish', '50:process', '100:wait'])
  })

  it('waits for the candidate before any step, and finishes every step on success', () => {
    expect(statuses({ ...canary, phase: 'PENDING', step: 0 })).toEqual(['ready:process', '10:wait', '50:wait', '100:wait'])
    expect(statuses({ ...canary, phase: 'SUCCEEDED', step: 2 })).toEqual(['ready:finish', '10:finish', '50:finish', '100:finish'])
  })

  it('marks the step a rollback left as failed', () => {
    expect(statuses({ ...canary, phase: 'ROLLED_BACK' })).toEqual(['ready:finish', '10:finish', '50:error', '100:wait'])
  })

  it("puts a canary's shadow step before the weighted ones: current while shadowing, done after", () => {
    const spec = { ...canary.spec, strategy: { ...canary.spec.strategy!, shadow: { percent: 20 } } }
    const shadowing = { ...canary, spec, step: 0, shadowing: true }
    const labels = (d: Deployment) => rolloutSteps(d).map((s) => `${s.shadow ? 'shadow ' : ''}${s.percent ?? 'ready'}:${s.status}`)
    expect(labels(shadowing)).toEqual(['ready:finish', 'shadow 20:process', '10:wait', '50:wait', '100:wait'])
    expect(labels({ ...shadowing, phase: 'ROLLED_BACK' })).toEqual(['ready:finish', 'shadow 20:error', '10:wait', '50:wait', '100:wait'])
    expect(labels({ ...shadowing, shadowing: false })).toEqual(['ready:finish', 'shadow 20:finish', '10:process', '50:wait', '100:wait'])
    expect(labels({ ...shadowing, phase: 'PENDING' })[1]).toBe('shadow 20:wait')
    // only canaries have one
    expect(labels({ ...shadowing, spec: { ...spec, strategy: { ...spec.strategy, type: 'rolling' } } })).toEqual(['ready:finish', '100:wait'])
  })

  it('has one switch for rolling and blue-green, and the default canary steps without any', () => {
    expect(stepPercents({ ...canary.spec, strategy: { type: 'blue-green' } })).toEqual([100])
    expect(stepPercents({ ...canary.spec, strategy: null })).toEqual([5, 25, 50, 100])
  })
})

describe('weightRows', () => {
  it('names candidate and baseline, versions in order', () => {
    expect(weightRows(canary)).toEqual([
      { version: '1', weight: 50, role: 'baseline' },
      { version: '2', weight: 50, role: 'candidate' },
      { version: '3', weight: 0, role: 'other' }
    ])
  })
})

describe('gateEvents', () => {
  it('keeps the events with a verdict, newest first', () => {
    const d = { ...canary, events: [...canary.events, event('GateFailed', 'FAIL')] }
    expect(gateEvents(d).map((e) => e.type)).toEqual(['GateFailed', 'GatePassed'])
  })
})

describe('deploymentActions', () => {
  it('offers pause or resume, promote, abort and rollback while running', () => {
    expect(deploymentActions(canary)).toEqual(['pause', 'promote', 'abort', 'rollback'])
    expect(deploymentActions({ ...canary, paused: true })).toEqual(['resume', 'promote', 'abort', 'rollback'])
  })

  it('offers only rollback after success and nothing once rolled back or aborted', () => {
    expect(deploymentActions({ ...canary, phase: 'SUCCEEDED' })).toEqual(['rollback'])
    expect(deploymentActions({ ...canary, phase: 'ROLLING_BACK' })).toEqual([])
    expect(deploymentActions({ ...canary, phase: 'ABORTED' })).toEqual([])
    expect(isFinal({ phase: 'ABORTED' })).toBe(true)
    expect(isFinal({ phase: 'PROGRESSING' })).toBe(false)
  })
})

describe('canarySpec', () => {
  it('parses the steps, names the gates chosen and writes the interval as ISO-8601', () => {
    const spec = canarySpec({
      name: ' risk-v2 ',
      model: 'risk',
      version: '2',
      replicas: 1,
      steps: '10, 50  100',
      stepSeconds: 20,
      errorRateGate: true,
      latencyGate: false
    })
    expect(spec).toEqual({
      name: 'risk-v2',
      model: 'risk',
      version: '2',
      replicas: 1,
      strategy: { type: 'canary', steps: [10, 50, 100], stepInterval: 'PT20S', gates: [{ metric: 'error_rate', maxDegradation: 0.01 }] }
    })
  })

  it('asks for a shadow step only when a share is given', () => {
    const form = { name: 'risk-v2', model: 'risk', version: '2', replicas: 1, steps: '50, 100', stepSeconds: 10, errorRateGate: false, latencyGate: false }
    expect(canarySpec({ ...form, shadowPercent: 25 }).strategy?.shadow).toEqual({ percent: 25 })
    expect(canarySpec({ ...form, shadowPercent: 0 }).strategy).not.toHaveProperty('shadow')
    expect(canarySpec({ ...form, shadowPercent: null }).strategy).not.toHaveProperty('shadow')
  })

  it('keeps what is not a step as NaN, which the server refuses by name', () => {
    expect(parseSteps('10, ten, 100')).toEqual([10, Number.NaN, 100])
  })
})
