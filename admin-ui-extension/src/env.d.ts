/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

declare module 'virtual:ai-icons' {
  import type { IconifyJSON } from '@iconify/vue'
  const icons: IconifyJSON
  export default icons
}
