/** Formatting of API values for display; pure functions, no Vue. */

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * An ISO-8601 instant as `YYYY-MM-DD HH:mm:ss` in `timeZone` (default: the browser's), or '' when absent. An
 * unparseable value is shown as it came.
 */
export function formatTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  if (!timeZone) {
    return (
      `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
      `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
    )
  }
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit'
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value])
  )
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`
}

/** The first 12 hex digits of a SHA-256, enough to tell artifacts apart at a glance; '' when absent. */
export function shortDigest(sha256: string | null | undefined): string {
  if (!sha256) return ''
  return sha256.length > 12 ? `${sha256.slice(0, 12)}…` : sha256
}

/** A tensor shape as `[-1, 4]`; `[]` is a scalar. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

/** A metric value with at most 4 decimals (0.912345 → `0.9123`, 12 → `12`); exponents below 1e-4 and from 1e9. */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  const abs = Math.abs(value)
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return value.toExponential(3)
  return String(Number(value.toFixed(4)))
}

/** Map entries sorted by key, for tables and tag lists. */
export function sortedEntries<V>(record: Record<string, V> | null | undefined): [string, V][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

/** Tags as `key=value` labels, sorted by key. */
export function tagLabels(tags: Record<string, string> | null | undefined): string[] {
  return sortedEntries(tags).map(([key, value]) => (value === '' ? key : `${key}=${value}`))
}

/**
 * An audit record's `before`/`after` JSON, indented for reading; text that is not JSON is shown as it is. Empty
 * for null.
 */
export function prettyJson(json: string | null | undefined): string {
  if (json === null || json === undefined || json === '') return ''
  try {
    return JSON.stringify(JSON.parse(json), null, 2)
  } catch {
    return json
  }
}

/** The file name at the end of an artifact URI (`file:/m/risk/2/model.onnx` → `model.onnx`); fallback otherwise. */
export function artifactFileName(uri: string | null | undefined, fallback: string): string {
  if (!uri) return fallback
  const name = uri.replace(/[?#].*$/, '').split('/').filter(Boolean).pop() ?? ''
  return /^[A-Za-z0-9._-]+$/.test(name) && !/^\.+$/.test(name) ? name : fallback
}

/** An audit action (`PUT /api/v1/ai/models/risk/aliases/champion`) split into method and path. */
export function auditAction(action: string): { method: string; path: string } {
  const space = action.indexOf(' ')
  return space > 0 ? { method: action.slice(0, space), path: action.slice(space + 1) } : { method: '', path: action }
}

/** A finite number, or null: the server writes non-finite doubles as "NaN" or "Infinity" strings. */
export function num(value: number | string | null | undefined): number | null {
  const n = typeof value === 'string' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) ? n : null
}
