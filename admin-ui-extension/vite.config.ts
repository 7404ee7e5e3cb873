/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { icons as carbon } from '@iconify-json/carbon'
import { getIcons } from '@iconify/utils'
import { AI_ICONS, SHELL_ICONS } from './src/base/icons'

const ICONS_MODULE = 'virtual:ai-icons'

/**
 * The icons the pages name (Iconify names, as in the Dubbo Admin console), bundled so the browser never asks
 * Iconify's web service for them: only these few are taken from the Carbon set at build time.
 */
function bundledIcons(): Plugin {
  const resolved = '\0' + ICONS_MODULE
  return {
    name: 'dubbo-ai-bundled-icons',
    resolveId: (id) => (id === ICONS_MODULE ? resolved : null),
    load(id) {
      if (id !== resolved) return null
      const names = [...Object.values(AI_ICONS), ...Object.values(SHELL_ICONS)].map((icon) => {
        const [prefix, name] = icon.split(':')
        if (prefix !== carbon.prefix) throw new Error(`icon ${icon}: only carbon:* icons are bundled`)
        return name
      })
      const subset = getIcons(carbon, names, true)
      const missing = names.filter((name) => !subset?.icons[name] && !subset?.aliases?.[name])
      if (!subset || missing.length > 0) throw new Error(`icons not in the carbon set: ${missing.join(', ')}`)
      return `export default ${JSON.stringify(subset)}`
    }
  }
}

export default defineConfig({
  // the server serves the built files at /ai/ (dubbo-ai-server, io.dubboai.server.ui.AdminUi)
  base: '/ai/',
  plugins: [vue(), bundledIcons()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) }
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    // ant-design-vue is registered whole, as in the console; it gets a chunk of its own that changes rarely
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      output: {
        manualChunks: { antd: ['ant-design-vue'], vue: ['vue', 'vue-router', 'vue-i18n', 'pinia'] }
      }
    }
  },
  server: {
    // npm run dev: the API of a dubbo-ai-server running on its default port
    proxy: { '/api': 'http://127.0.0.1:8080' }
  },
  test: {
    environment: 'node',
    include: ['src/**/*.spec.ts']
  }
})
