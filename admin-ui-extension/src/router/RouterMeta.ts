import type { RouteMeta } from 'vue-router'
import type { RouteRecordType } from '@/router/defaultRoutes'

/** Route meta fields, as the Dubbo Admin console defines them. */
export interface RouterMeta extends RouteMeta {
  /** Iconify icon name shown in the menu. */
  icon?: string
  /** Not in the menu (detail pages). */
  hidden?: boolean
  /** Not a page of its own: the menu shows its children in its place. */
  skip?: boolean
  /** The menu entry to go back to from a detail page. */
  back?: string
  /** Unique key of the route, set by {@link normalizeRoutes}, used as the menu key. */
  _router_key?: string
  parent?: RouteRecordType
}
