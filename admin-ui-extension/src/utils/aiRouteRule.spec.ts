import { describe, expect, it } from 'vitest'
import type { RouteRuleDocument } from '@/api/service/aiTypes'
import {
  formFieldOf,
  fromForm,
  lineRange,
  newRuleForm,
  problemsByLine,
  ruleToYaml,
  splitSummary,
  toForm,
  unquoteEtag,
  versionChoices,
  weightSum
} from './aiRouteRule'

const full: RouteRuleDocument = {
  configVersion: 'v1',
  model: 'risk',
  enabled: true,
  traffic: [
    { version: '1', weight: 90 },
    { version: '2', weight: 10 }
  ],
  aliases: { champion: '1', challenger: '2' },
  gpu: { accelerator: 'gpu', gpuTypes: ['H100', 'A100'], minGpuMemoryMiB: 40000 },
  stickyKey: 'dubbo-ai-sticky-key',
  fallback: { policy: 'version', version: '1' }
}

const bare: RouteRuleDocument = {
  configVersion: 'v1',
  model: 'risk',
  enabled: false,
  traffic: [],
  stickyKey: null,
  fallback: { policy: 'fail' }
}

describe('route rule form', () => {
  it('maps every field of a rule to the form and back, keeping the aliases as read', () => {
    const form = toForm(full)
    expect(form).toEqual({
      enabled: true,
      traffic: [
        { version: '1', weight: 90 },
        { version: '2', weight: 10 }
      ],
      accelerator: 'gpu',
      gpuTypes: ['H100', 'A100'],
      minGpuMemoryMiB: 40000,
      stickyKey: 'dubbo-ai-sticky-key',
      fallbackPolicy: 'version',
      fallbackVersion: '1',
      shadowVersion: '',
      shadowPercent: null
    })
    const { configVersion, ...withoutVersion } = full
    expect(configVersion).toBe('v1')
    expect(fromForm('risk', form, full.aliases)).toEqual(withoutVersion)
  })

  it('leaves empty optional parts out, so the server applies its defaults', () => {
    const form = toForm(bare)
    expect(form.accelerator).toBe('')
    expect(form.stickyKey).toBe('')
    form.gpuTypes = ['  ', '']
    form.stickyKey = '   '
    form.fallbackVersion = '2' // ignored under policy "fail"
    const rule = fromForm('risk', form, {})
    expect(rule).toEqual({ model: 'risk', enabled: false, traffic: [], stickyKey: null, fallback: { policy: 'fail' } })
    expect('gpu' in rule).toBe(false)
    expect('aliases' in rule).toBe(false)
  })

  it('trims what was typed and sends an empty weight as null, for the server to name', () => {
    const form = toForm(full)
    form.traffic[1] = { version: ' 3 ', weight: null }
    form.gpuTypes = [' L4 ']
    const rule = fromForm('risk', form)
    expect(rule.traffic).toEqual([
      { version: '1', weight: 90 },
      { version: '3', weight: null }
    ])
    expect(rule.gpu).toEqual({ accelerator: 'gpu', gpuTypes: ['L4'], minGpuMemoryMiB: 40000 })
  })

  it('maps a shadow step both ways, leaves it out when no version is chosen, and prints it in the YAML', () => {
    const shadowed: RouteRuleDocument = { ...full, shadow: { version: '2', percent: 12.5 } }
    const form = toForm(shadowed)
    expect([form.shadowVersion, form.shadowPercent]).toEqual(['2', 12.5])
    expect(fromForm('risk', form, full.aliases).shadow).toEqual({ version: '2', percent: 12.5 })
    expect(ruleToYaml(fromForm('risk', form))).toContain('shadow:\n  version: "2"\n  percent: 12.5\n')
    form.shadowVersion = ''
    expect('shadow' in fromForm('risk', form)).toBe(false)
    expect(formFieldOf('shadow.percent')).toBe('shadow')
  })

  it('sums and summarises the split', () => {
    const form = toForm(full)
    expect(weightSum(form)).toBe(100)
    form.traffic[1].weight = null
    expect(weightSum(form)).toBe(90)
    expect(splitSummary(form)).toBe('1: 90 %, 2: ? %')
  })

  it('starts a new rule on the newest ready version, or with no split when none is ready', () => {
    const versions = [
      { version: 1, status: 'READY' as const },
      { version: 3, status: 'PENDING' as const },
      { version: 2, status: 'READY' as const }
    ]
    expect(newRuleForm(versions).traffic).toEqual([{ version: '2', weight: 100 }])
    expect(newRuleForm([{ version: 1, status: 'FAILED' }]).traffic).toEqual([])
  })

  it('offers the registry versions newest first, plus versions only the rule names', () => {
    const form = toForm(full)
    form.traffic.push({ version: '7', weight: 0 })
    expect(versionChoices([{ version: 1, status: 'READY' }, { version: 2, status: 'READY' }], form)).toEqual([
      '7',
      '2',
      '1'
    ])
  })
})

describe('ruleToYaml', () => {
  it("writes the codec's layout with versions as quoted text", () => {
    expect(ruleToYaml(full)).toBe(
      [
        'configVersion: v1',
        'model: "risk"',
        'enabled: true',
        'traffic:',
        '  - version: "1"',
        '    weight: 90',
        '  - version: "2"',
        '    weight: 10',
        'aliases:',
        '  champion: "1"',
        '  challenger: "2"',
        'gpu:',
        '  accelerator: gpu',
        '  gpuTypes: ["H100", "A100"]',
        '  minGpuMemoryMiB: 40000',
        'stickyKey: "dubbo-ai-sticky-key"',
        'fallback:',
        '  policy: version',
        '  version: "1"',
        ''
      ].join('\n')
    )
  })

  it('writes an empty split, no sticky key and no constraints', () => {
    expect(ruleToYaml(bare)).toBe(
      'configVersion: v1\nmodel: "risk"\nenabled: false\ntraffic: []\nstickyKey: null\nfallback:\n  policy: fail\n'
    )
  })

  it('quotes what YAML would otherwise read differently', () => {
    const yaml = ruleToYaml({ ...bare, stickyKey: 'a: b # c' })
    expect(yaml).toContain('stickyKey: "a: b # c"')
  })
})

describe('problems', () => {
  const problems = [
    { path: 'traffic', message: 'weights sum to 90, expected 100; adjust the weights' },
    { path: 'stickyKey', line: 9, column: 12, message: "'Not-Lower' is not a valid attachment key" },
    { path: 'traffic[0].weight', line: 4, column: 13, message: '150 is above 100; weights are 0..100' },
    { path: 'traffic[0].version', line: 4, column: 3, message: 'version is missing' }
  ]

  it('are grouped by line in line order, those without a line first', () => {
    const byLine = problemsByLine(problems)
    expect([...byLine.keys()]).toEqual([0, 4, 9])
    expect(byLine.get(4)?.map((p) => p.path)).toEqual(['traffic[0].weight', 'traffic[0].version'])
  })

  it('are placed at their form field', () => {
    expect(formFieldOf('traffic[2].weight')).toBe('traffic.2')
    expect(formFieldOf('traffic')).toBe('traffic')
    expect(formFieldOf('gpu.gpuTypes[0]')).toBe('gpu')
    expect(formFieldOf('fallback.version')).toBe('fallback')
    expect(formFieldOf('stickyKey')).toBe('stickyKey')
    expect(formFieldOf('aliases.champion')).toBe('rule')
    expect(formFieldOf('')).toBe('rule')
  })
})

describe('lineRange', () => {
  const text = 'model: risk\ntraffic:\n  - version: "1"'
  it('selects a line by its offsets', () => {
    expect(lineRange(text, 1)).toEqual({ start: 0, end: 11 })
    expect(text.slice(lineRange(text, 3).start, lineRange(text, 3).end)).toBe('  - version: "1"')
  })
  it('clamps lines outside the text', () => {
    expect(lineRange(text, 0)).toEqual({ start: 0, end: 11 })
    expect(lineRange(text, 99)).toEqual(lineRange(text, 3))
  })
})

describe('unquoteEtag', () => {
  it('reads strong and weak tags', () => {
    expect(unquoteEtag('"abc"')).toBe('abc')
    expect(unquoteEtag('W/"abc"')).toBe('abc')
    expect(unquoteEtag(undefined)).toBe('')
  })
})
