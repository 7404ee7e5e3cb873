import zh from '@/base/i18n/zh'
import en from '@/base/i18n/en'

/** Messages by locale, keyed as in the Dubbo Admin console: `cn` and `en`. */
export const messages = {
  cn: { ...zh },
  en: { ...en }
}

export type Locale = keyof typeof messages
