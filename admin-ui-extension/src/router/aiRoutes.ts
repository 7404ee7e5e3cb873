import type { RouteRecordType } from '@/router/defaultRoutes'
import { AI_ICONS } from '@/base/icons'

/**
 * The AI tab: one block to add to the children of the Dubbo Admin console's root route. Child paths are written
 * relative to their parent with a leading slash, and every route `name` is an i18n key, as the console expects
 * (its `handleRoutes` and our {@link normalizeRoutes} join the paths the same way).
 */
export const aiRoutes: RouteRecordType = {
  path: '/ai',
  name: 'aiManagement',
  redirect: 'models',
  meta: { icon: AI_ICONS.aiManagement },
  children: [
    {
      path: '/models',
      name: 'aiModels',
      component: () => import('@/views/ai/models/index.vue'),
      meta: { icon: AI_ICONS.aiModels }
    },
    {
      path: '/models/:name',
      name: 'aiModelDetail',
      component: () => import('@/views/ai/models/detail.vue'),
      meta: { hidden: true, back: '/ai/models' }
    },
    {
      path: '/traffic',
      name: 'aiTraffic',
      component: () => import('@/views/ai/traffic/index.vue'),
      meta: { icon: AI_ICONS.aiTraffic }
    },
    {
      path: '/deployments',
      name: 'aiDeployments',
      component: () => import('@/views/ai/deployments/index.vue'),
      meta: { icon: AI_ICONS.aiDeployments }
    },
    {
      path: '/deployments/:name',
      name: 'aiDeploymentDetail',
      component: () => import('@/views/ai/deployments/detail.vue'),
      meta: { hidden: true, back: '/ai/deployments' }
    },
    {
      path: '/monitoring',
      name: 'aiMonitoring',
      component: () => import('@/views/ai/monitoring/index.vue'),
      meta: { icon: AI_ICONS.aiMonitoring }
    },
    {
      path: '/experiments',
      name: 'aiExperiments',
      component: () => import('@/views/ai/experiments/index.vue'),
      meta: { icon: AI_ICONS.aiExperiments }
    },
    {
      path: '/experiments/:id',
      name: 'aiExperimentDetail',
      component: () => import('@/views/ai/experiments/detail.vue'),
      meta: { hidden: true, back: '/ai/experiments' }
    },
    {
      path: '/controlPlane',
      name: 'aiControlPlane',
      component: () => import('@/views/ai/controlPlane/index.vue'),
      meta: { icon: AI_ICONS.aiControlPlane }
    }
  ]
}
