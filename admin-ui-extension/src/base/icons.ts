/**
 * Iconify names of the icons the AI tab uses. Route icons ({@link AI_ICONS}) travel with the routes into the Dubbo
 * Admin console, which renders every Iconify name; the standalone build bundles these few (vite.config.ts).
 */
export const AI_ICONS = {
  aiManagement: 'carbon:machine-learning-model',
  aiModels: 'carbon:model-alt',
  aiTraffic: 'carbon:direction-fork',
  aiDeployments: 'carbon:deploy',
  aiMonitoring: 'carbon:chart-line-data',
  aiExperiments: 'carbon:chemistry',
  aiControlPlane: 'carbon:data-center'
} as const

/** Icons of the standalone shell (header and login page), not part of the console's routes. */
export const SHELL_ICONS = {
  user: 'carbon:user-avatar',
  logout: 'carbon:logout',
  language: 'carbon:language'
} as const
