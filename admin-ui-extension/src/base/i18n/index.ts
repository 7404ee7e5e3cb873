import { createI18n } from 'vue-i18n'
import { reactive } from 'vue'
import { LOCAL_STORAGE_LOCALE } from '@/base/constants'
import { messages, type Locale } from '@/base/i18n/messages'

function initialLocale(): Locale {
  const stored = localStorage.getItem(LOCAL_STORAGE_LOCALE)
  if (stored === 'cn' || stored === 'en') return stored
  return navigator.language.toLowerCase().startsWith('zh') ? 'cn' : 'en'
}

export const localeConfig = reactive({
  locale: initialLocale(),
  opts: [
    { value: 'en', title: 'English' },
    { value: 'cn', title: '中文' }
  ]
})

export const i18n = createI18n({
  locale: localeConfig.locale,
  fallbackLocale: 'en',
  legacy: false,
  globalInjection: true,
  messages
})

/** Switches the language and remembers it (same storage key as the console). */
export const changeLanguage = (locale: Locale) => {
  localStorage.setItem(LOCAL_STORAGE_LOCALE, locale)
  localeConfig.locale = locale
  i18n.global.locale.value = locale
}
