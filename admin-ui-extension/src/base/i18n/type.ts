/** A tree of messages: every leaf is a message, every key the same in each locale. */
export interface I18nType {
  [key: string]: string | I18nType
}
