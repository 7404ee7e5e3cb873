import type { RouteRecordRaw } from 'vue-router'
import type { RouterMeta } from '@/router/RouterMeta'
import { aiRoutes } from '@/router/aiRoutes'

export declare type RouteRecordType = RouteRecordRaw & {
  name: string
  children?: RouteRecordType[]
  meta?: RouterMeta
}

/** Path of the standalone login page (inside the console, the console's own login is used). */
export const LOGIN_PATH = '/ai/login'

/**
 * The standalone shell around {@link aiRoutes}: a login page, the layout, and a "not found" page. Everything is
 * under /ai/, the path the server serves the UI at.
 */
export const routes: RouteRecordType[] = [
  {
    path: LOGIN_PATH,
    name: 'aiLogin',
    component: () => import('@/views/ai/login/index.vue'),
    meta: { skip: true }
  },
  {
    path: '/',
    name: 'Root',
    redirect: '/ai/models',
    component: () => import('@/layout/index.vue'),
    meta: { skip: true },
    children: [aiRoutes]
  },
  {
    path: '/:catchAll(.*)',
    name: 'notFound',
    component: () => import('@/views/error/notFound.vue'),
    meta: { skip: true }
  }
]

/** Joins path segments and collapses repeated slashes: `('/', '/ai', 'models')` → `/ai/models`. */
export function joinPath(...segments: string[]): string {
  return segments.join('/').replace(/\/+/g, '/')
}

let routeKeys = 0

/**
 * Makes child paths absolute (parent path + child path) and redirects relative to their route, and gives each route
 * a unique key and its parent in `meta`: the console's convention for its route tables.
 */
export function normalizeRoutes(records: RouteRecordType[], parent?: RouteRecordType): RouteRecordType[] {
  for (const route of records) {
    if (parent) route.path = joinPath(parent.path, route.path)
    if (typeof route.redirect === 'string' && !route.redirect.startsWith('/')) {
      route.redirect = joinPath(route.path, route.redirect)
    }
    route.meta = { ...route.meta, _router_key: `__router_key${++routeKeys}`, parent }
    if (route.children) normalizeRoutes(route.children, route)
  }
  return records
}

normalizeRoutes(routes)
