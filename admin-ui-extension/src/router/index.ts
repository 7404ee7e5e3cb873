import { createRouter, createWebHistory } from 'vue-router'
import { LOGIN_PATH, routes } from '@/router/defaultRoutes'
import { useAiAuthStore } from '@/stores/aiAuth'

const router = createRouter({
  history: createWebHistory('/'),
  routes
})

router.beforeEach((to) => {
  if (to.path === LOGIN_PATH || useAiAuthStore().loggedIn) return true
  return { path: LOGIN_PATH, query: { redirect: to.fullPath } }
})

export default router
