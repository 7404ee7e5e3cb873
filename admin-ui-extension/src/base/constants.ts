/** Storage key of the chosen language (the console's key, so both agree). */
export const LOCAL_STORAGE_LOCALE = 'LOCAL_STORAGE_LOCALE'

/** Session storage key of the bearer token and the caller it belongs to (gone when the tab closes). */
export const SESSION_STORAGE_AUTH = 'DUBBO_AI_AUTH'

/** Session storage key of the model last chosen on a page with a model picker (traffic, monitoring). */
export const SESSION_STORAGE_MODEL = 'DUBBO_AI_MODEL'

/** Ant Design colours of a version status. */
export const VERSION_STATUS_COLOR: Record<string, string> = {
  PENDING: 'warning',
  READY: 'success',
  FAILED: 'error'
}

/** Ant Design colours of a component state. */
export const COMPONENT_STATE_COLOR: Record<string, string> = {
  STOPPED: 'default',
  STARTING: 'processing',
  RUNNING: 'success',
  STOPPING: 'warning',
  FAILED: 'error'
}
