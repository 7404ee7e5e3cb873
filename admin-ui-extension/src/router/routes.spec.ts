import { describe, expect, it } from 'vitest'
import { aiRoutes } from './aiRoutes'
import { joinPath, LOGIN_PATH, routes, type RouteRecordType } from './defaultRoutes'

const children = (aiRoutes.children ?? []) as RouteRecordType[]

describe('the AI route block', () => {
  it('is the console block: /ai named aiManagement with an icon', () => {
    expect(aiRoutes.path).toBe('/ai')
    expect(aiRoutes.name).toBe('aiManagement')
    expect(aiRoutes.meta?.icon).toMatch(/^[a-z-]+:[a-z0-9-]+$/)
  })

  it('has absolute child paths under /ai once normalized, and redirects to the models', () => {
    expect(children.map((c) => c.path)).toEqual([
      '/ai/models',
      '/ai/models/:name',
      '/ai/traffic',
      '/ai/deployments',
      '/ai/deployments/:name',
      '/ai/monitoring',
      '/ai/experiments',
      '/ai/experiments/:id',
      '/ai/controlPlane'
    ])
    expect(aiRoutes.redirect).toBe('/ai/models')
  })

  it('gives every route a unique name and key', () => {
    const all: RouteRecordType[] = []
    const walk = (records: RouteRecordType[]) =>
      records.forEach((r) => {
        all.push(r)
        walk((r.children ?? []) as RouteRecordType[])
      })
    walk(routes)
    expect(new Set(all.map((r) => r.name)).size).toBe(all.length)
    expect(new Set(all.map((r) => r.meta?._router_key)).size).toBe(all.length)
  })

  it('has an icon for every menu entry and none for hidden pages', () => {
    for (const child of children) {
      // a hidden page (a detail) goes back to the list it belongs to
      if (child.meta?.hidden) expect(child.path.startsWith(`${child.meta.back}/`), child.name).toBe(true)
      else expect(child.meta?.icon, child.name).toBeTruthy()
    }
  })

  it('keeps the standalone login under /ai/, where the server serves the UI', () => {
    expect(LOGIN_PATH.startsWith('/ai/')).toBe(true)
  })
})

describe('joinPath', () => {
  it('collapses repeated slashes', () => {
    expect(joinPath('/', '/ai', '/models')).toBe('/ai/models')
    expect(joinPath('/ai', 'models')).toBe('/ai/models')
  })
})
