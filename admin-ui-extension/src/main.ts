import { createApp } from 'vue'
import { createPinia } from 'pinia'
import Antd from 'ant-design-vue'
import 'ant-design-vue/dist/reset.css'
import { addCollection } from '@iconify/vue'
import icons from 'virtual:ai-icons'
import App from '@/App.vue'
import router from '@/router'
import { i18n } from '@/base/i18n'
import { setSessionEndedHandler } from '@/base/http/request'
import { LOGIN_PATH } from '@/router/defaultRoutes'

// the few icons the pages use, bundled: nothing is fetched from Iconify's web service
addCollection(icons)

const app = createApp(App)
app.use(createPinia()).use(Antd).use(i18n).use(router)

setSessionEndedHandler(() => {
  const current = router.currentRoute.value
  if (current.path !== LOGIN_PATH) router.push({ path: LOGIN_PATH, query: { redirect: current.fullPath } })
})

app.mount('#app')
