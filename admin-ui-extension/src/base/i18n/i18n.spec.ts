import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import en from './en'
import zh from './zh'
import type { I18nType } from './type'
import { routes } from '@/router/defaultRoutes'
import type { RouteRecordType } from '@/router/defaultRoutes'

/**
 * The build's check of the two locales (npm test runs in the Maven build, so a missing key fails it): both have the
 * same keys, every key the code names exists, every message compiles.
 */

function leaves(tree: I18nType, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of leaves(value, path)) out.set(k, v)
  }
  return out
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.(ts|vue)$/.test(name) && !name.endsWith('.spec.ts') ? [path] : []
  })
}

/** Names of the routes that are shown (menu entries, page titles); the shell's container route is not. */
function routeNames(records: readonly RouteRecordType[]): string[] {
  return records.flatMap((r) => [
    ...(r.meta?.skip && r.children ? [] : [r.name]),
    ...routeNames((r.children ?? []) as RouteRecordType[])
  ])
}

const SRC = join(__dirname, '..', '..')
const enKeys = leaves(en)
const zhKeys = leaves(zh)

describe('locales en and cn', () => {
  it('have the same keys', () => {
    const onlyEn = [...enKeys.keys()].filter((k) => !zhKeys.has(k))
    const onlyZh = [...zhKeys.keys()].filter((k) => !enKeys.has(k))
    expect(onlyEn, 'keys missing in zh.ts').toEqual([])
    expect(onlyZh, 'keys missing in en.ts').toEqual([])
  })

  it('have no empty message', () => {
    const empty = [...enKeys, ...zhKeys].filter(([, message]) => message.trim() === '').map(([key]) => key)
    expect(empty).toEqual([])
  })

  it('name every route (route names are the menu labels)', () => {
    const missing = routeNames(routes).filter((name) => !enKeys.has(name) || !zhKeys.has(name))
    expect(missing).toEqual([])
  })

  it('hold every key the code names literally', () => {
    const used = new Set<string>()
    for (const file of sources(SRC)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/['"`](aiDomain(?:\.[A-Za-z0-9_]+)+)['"`]/g)) {
        used.add(match[1])
      }
    }
    expect(used.size).toBeGreaterThan(50)
    const missing = [...used].filter((key) => !enKeys.has(key) || !zhKeys.has(key))
    expect(missing, 'keys used in src/ but missing in a locale').toEqual([])
  })

  it('hold every key the code builds from an API value', () => {
    const built = [
      ...['PENDING', 'READY', 'FAILED'].map((s) => `aiDomain.status.${s}`),
      ...['STOPPED', 'STARTING', 'RUNNING', 'STOPPING', 'FAILED'].map((s) => `aiDomain.controlPlane.states.${s}`),
      ...['VIEWER', 'OPERATOR', 'ADMIN'].map((r) => `aiDomain.roles.${r}`),
      ...['latency', 'throughput', 'errors', 'batch'].map((k) => `aiDomain.monitoring.chart.${k}`),
      ...['PASS', 'FAIL', 'INCONCLUSIVE'].map((v) => `aiDomain.monitoring.verdicts.${v}`),
      ...['PASS', 'FAIL', 'REPORTED', 'NO_DATA', 'ERROR'].map((s) => `aiDomain.monitoring.statuses.${s}`),
      ...['up', 'down', 'unknown'].map((h) => `aiDomain.monitoring.health.${h}`),
      ...['PENDING', 'PROGRESSING', 'ROLLING_BACK', 'SUCCEEDED', 'ROLLED_BACK', 'ABORTED'].map((p) => `aiDomain.deployments.phases.${p}`),
      ...['candidate', 'baseline'].map((r) => `aiDomain.deployments.roles.${r}`),
      ...['promote', 'pause', 'resume', 'abort', 'rollback'].flatMap((a) =>
        ['actions', 'confirm', 'confirmBody', 'done'].map((g) => `aiDomain.deployments.${g}.${a}`)
      ),
      ...['firing', 'inactive'].map((a) => `aiDomain.alerts.statuses.${a}`),
      ...['error_rate', 'latency', 'throughput'].map((m) => `aiDomain.alerts.metrics.${m}`),
      ...['DRAFT', 'STARTING', 'RUNNING', 'STOPPED'].map((s) => `aiDomain.experiments.statuses.${s}`),
      ...['KEEP_RUNNING', 'PROMOTE', 'STOP_FOR_HARM', 'STOP_INCONCLUSIVE'].map((d) => `aiDomain.experiments.decisions.${d}`),
      ...['BETTER', 'WORSE', 'UNDECIDED'].map((v) => `aiDomain.experiments.verdicts.${v}`),
      ...['start', 'stop', 'decision-apply'].flatMap((a) =>
        ['actions', 'confirm', 'confirmBody', 'done'].map((g) => `aiDomain.experiments.${g}.${a}`)
      )
    ]
    expect(built.filter((key) => !enKeys.has(key) || !zhKeys.has(key))).toEqual([])
  })

  it('compile in vue-i18n, with no HTML', () => {
    const i18n = createI18n({ legacy: false, locale: 'en', messages: { en, cn: zh } })
    const values = new Proxy({}, { get: (_, name) => `<${String(name)}>`, has: () => true })
    for (const [locale, keys] of [['en', enKeys], ['cn', zhKeys]] as const) {
      i18n.global.locale.value = locale
      for (const [key, message] of keys) {
        expect(message, `${locale} ${key}`).not.toMatch(/[<>]/)
        expect(() => i18n.global.t(key, values), `${locale} ${key}`).not.toThrow()
      }
    }
  })
})
